// Validation errors as a form shows them: one message per field, keyed by the field's path
// ("reminder.content.subject", "questions.0.choices.1.label"), worded for a merchant rather than
// a developer. Pure.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export const pathKey = (path: readonly PropertyKey[]) => path.map(String).join(".");

function friendly(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "number" ? "Enter a number." : "Enter a value.";
    case "too_big":
      if (issue.origin === "string") return `Use at most ${issue.maximum} characters.`;
      if (issue.origin === "array") return `At most ${issue.maximum} allowed.`;
      return `Must be at most ${issue.maximum}.`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "Can’t be empty." : `Use at least ${issue.minimum} characters.`;
      if (issue.origin === "array") return `At least ${issue.minimum} needed.`;
      return `Must be at least ${issue.minimum}.`;
    case "invalid_format":
      return issue.format === "email"
        ? "Enter an email address."
        : issue.format === "url"
          ? "Enter a web address starting with https://."
          : `Invalid format: ${issue.message}.`;
    case "invalid_value":
      return "Choose one of the options.";
    default:
      return issue.message.endsWith(".") ? issue.message : `${issue.message}.`;
  }
}

/** The first problem of each field (a merchant fixes one thing at a time). */
export function zodFieldErrors(error: z.ZodError, prefix = ""): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = prefix + pathKey(issue.path);
    errors[key] ??= friendly(issue);
  }
  return errors;
}

/** Errors for the fields under `prefix.` (and `prefix` itself), with the prefix removed. */
export function errorsUnder(errors: FieldErrors | undefined, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, message] of Object.entries(errors ?? {})) {
    if (key === prefix) out[""] = message;
    else if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = message;
  }
  return out;
}
