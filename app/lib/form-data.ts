// Reading what admin forms post: string fields only (a file field never sneaks in as an object),
// and JSON carried in one field (the campaign editor posts its whole settings object as JSON). Pure.
import { z } from "zod";

/** The form's text fields (the last value of a repeated name wins). */
export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  return fields;
}

/** A form field holding JSON text, parsed to `unknown` for a schema to check next. */
export const jsonText = (maxLength = 500_000) =>
  z
    .string()
    .max(maxLength, "too large")
    .transform((text, ctx): unknown => {
      try {
        const value: unknown = JSON.parse(text);
        return value;
      } catch {
        ctx.addIssue({ code: "custom", message: "not valid JSON" });
        return z.NEVER;
      }
    });
