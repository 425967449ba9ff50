// The merchant's texts (StepContent) for one recipient. Each field is its own small Liquid template,
// so an error names the field and the line the merchant typed. Each renders once, as text; its HTML
// form is that text HTML-escaped as a whole — the same as escaping the literal parts and every
// output separately, in one step — so nothing a merchant or a customer's data contains can become
// markup. The body's blank lines become paragraphs.
import type { Template } from "liquidjs";
import { contentLiquid, liquidProblem, parseWith, type LiquidProblem } from "./liquid";
import { escapeHtml } from "./templates/escape";
import type { Texts } from "./templates/defaults";

export type TextField = keyof Texts;
export const TEXT_FIELDS: readonly TextField[] = ["subject", "preheader", "heading", "body", "buttonLabel"];
export type FieldProblem = LiquidProblem & { field: TextField };

const MAX_PARSED = 2000;
const parsedCache = new Map<string, ReturnType<typeof parseWith>>();

function parsed(source: string) {
  let result = parsedCache.get(source);
  if (!result) {
    result = parseWith(contentLiquid, source);
    if (parsedCache.size >= MAX_PARSED) parsedCache.clear();
    parsedCache.set(source, result);
  }
  return result;
}

type Scope = Record<string, unknown>;
type Rendered = { ok: true; out: string } | { ok: false; problem: FieldProblem };

function render(field: TextField, source: string, scope: Scope): Rendered {
  const result = parsed(source);
  if (!result.ok) return { ok: false, problem: { ...result.problem, field } };
  try {
    return { ok: true, out: String(contentLiquid.renderSync(result.templates satisfies Template[], scope)) };
  } catch (error) {
    return { ok: false, problem: { ...liquidProblem(error), field } };
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function paragraphs(text: string) {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

export type RenderedTexts = {
  subject: string;
  html: { preheader: string; heading: string; body: string; button_label: string };
  text: { preheader: string; heading: string; body: string; button_label: string };
};

export function renderTexts(
  texts: Texts,
  scope: Scope,
): { ok: true; texts: RenderedTexts } | { ok: false; problem: FieldProblem } {
  const out: Partial<Record<TextField, string>> = {};
  for (const field of TEXT_FIELDS) {
    const result = render(field, texts[field], scope);
    if (!result.ok) return result;
    out[field] = result.out;
  }
  const preheader = oneLine(out.preheader ?? "");
  const heading = oneLine(out.heading ?? "");
  const body = (out.body ?? "").trim();
  const buttonLabel = oneLine(out.buttonLabel ?? "");
  return {
    ok: true,
    texts: {
      subject: oneLine(out.subject ?? "").slice(0, 250),
      html: {
        preheader: escapeHtml(preheader),
        heading: escapeHtml(heading),
        body: paragraphs(body),
        button_label: escapeHtml(buttonLabel),
      },
      text: { preheader, heading, body, button_label: buttonLabel },
    },
  };
}

/** Checks a merchant's texts: every Liquid error, by field, with its line and column. */
export function checkTexts(content: Partial<Texts>, scope: Scope): FieldProblem[] {
  return TEXT_FIELDS.flatMap((field) => {
    const source = content[field];
    if (source === undefined) return [];
    const result = render(field, source, scope);
    return result.ok ? [] : [result.problem];
  });
}
