// A campaign's settings checked the way a merchant needs it: the schema (types, ranges, required
// fields), question keys used once, and every email text rendered as Liquid against sample data —
// each problem keyed by the field it belongs to, a Liquid error naming its line and column.
// Used by the campaign editor and by configuration imports (app/agency).
import type { z } from "zod";
import { validateStepContent } from "../email/send.server";
import { checkSmsText } from "../sms/compose.server";
import { zodFieldErrors, type FieldErrors } from "../lib/form-errors";
import type { CampaignKind } from "./kinds";
import { SETTINGS_SCHEMAS, type CampaignSettings } from "./settings";
import { EDITABLE_STEPS, stepContent } from "./steps";
import type { Question } from "./questions";

export type CampaignCheck<K extends CampaignKind> =
  { ok: true; settings: CampaignSettings[K] } | { ok: false; errors: FieldErrors };

/** Every question key (follow-ups included) must be unique: each one is its own HubSpot property and answer. */
function duplicateKeys(questions: readonly Question[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  questions.forEach((question, i) => {
    const keys = [
      { key: question.key, field: `questions.${i}.key` },
      ...(question.followUps ?? []).map((f, j) => ({
        key: f.question.key,
        field: `questions.${i}.followUps.${j}.question.key`,
      })),
    ];
    for (const { key, field } of keys) {
      if (seen.has(key)) errors[field] ??= `The key “${key}” is used twice; each question needs its own.`;
      seen.add(key);
    }
  });
  return errors;
}

export function liquidMessage(problem: { line: number; column: number; message: string }) {
  return `Line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

export function checkCampaignSettings<K extends CampaignKind>(kind: K, raw: unknown): CampaignCheck<K> {
  const parsed = (SETTINGS_SCHEMAS[kind] as z.ZodType).safeParse(raw);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error) };
  const settings = parsed.data as CampaignSettings[K];
  const errors: FieldErrors = duplicateKeys(settings.questions);
  for (const step of EDITABLE_STEPS[kind]) {
    const content = stepContent(kind, settings, step.id);
    for (const problem of validateStepContent(step.template, content)) {
      errors[`${step.contentPath}.${problem.field}`] ??= liquidMessage(problem);
    }
    const smsProblem = content.sms?.text ? checkSmsText(step.template, content.sms.text) : null;
    if (smsProblem) errors[`${step.contentPath}.sms.text`] ??= liquidMessage(smsProblem);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, settings };
}
