// A text as it will be sent: the merchant's Liquid rendered with the journey's data (the same
// engine and variables as email texts: {{ customer.first_name }}, {{ shop.name }},
// {{ checkout.abandoned_checkout_url }} …), then the question and the opt-out line (text.ts).
import type { Question } from "../campaigns/questions";
import { contentLiquid, liquidProblem, parseWith, type LiquidProblem } from "../email/liquid";
import type { TemplateData, TemplateKey } from "../email/outgoing";
import { dataScope } from "../email/render";
import { sampleData } from "../email/sample-data";
import { composeSmsBody, DEFAULT_SMS_TEXT } from "./text";

export type ComposedSms = { ok: true; body: string } | { ok: false; reason: string; problem: LiquidProblem };

export function composeSms(text: string, data: TemplateData, question: Question | null): ComposedSms {
  const parsed = parseWith(contentLiquid, text.trim() === "" ? DEFAULT_SMS_TEXT : text);
  if (!parsed.ok)
    return {
      ok: false,
      reason: `Liquid error in the text: ${parsed.problem.message}`,
      problem: parsed.problem,
    };
  try {
    const rendered = String(contentLiquid.renderSync(parsed.templates, dataScope(data)));
    return { ok: true, body: composeSmsBody(rendered.replace(/\s+/g, " "), question) };
  } catch (error) {
    const problem = liquidProblem(error);
    return { ok: false, reason: `Liquid error in the text: ${problem.message}`, problem };
  }
}

/** A merchant's text checked against sample data of the step: the Liquid problem, or null. */
export function checkSmsText(template: TemplateKey, text: string): LiquidProblem | null {
  const composed = composeSms(text, sampleData(template), null);
  return composed.ok ? null : composed.problem;
}
