// One email for one recipient: the merchant's texts rendered with the recipient's data, then the
// compiled template version's three parts (HTML, AMP, text) rendered with Liquid. No MJML here —
// that ran once per template version (compile.server.ts).
import {
  compileTemplate,
  type CompileProblem,
  type CompileResult,
  type CompiledPart,
  type CompiledTemplate,
} from "./compile.server";
import { renderTexts, type FieldProblem } from "./content";
import { layoutHtml, layoutText, liquidProblem } from "./liquid";
import type { TemplateData } from "./outgoing";
import { renderSlots } from "./slots";
import type { Texts } from "./templates/defaults";
import { answerRowsHtml } from "./templates/html-layout";
import { itemLinesText, itemRowsAmp, itemRowsHtml } from "./templates/items";
import type { LayoutSpec } from "./templates/layout-spec";
import { answerLinesText } from "./templates/text-layout";

/** Per-recipient links, made by the sender (links.ts): tokens are signed for this message and address. */
export type RecipientLinks = {
  /** questionKey → value → answer link URL (top-level questions: the ones the email shows). */
  answerUrls: Record<string, Record<string, string>>;
  /** questionKey → AMP form token (top-level questions and their follow-ups). */
  ampTokens: Record<string, string>;
  /** Marketing email only. */
  unsubscribeUrl: string | null;
};

export type RenderedEmail = {
  /** The compiled template version this came from. */
  version: string;
  subject: string;
  preheader: string;
  html: string;
  /** text/x-amp-html; only when the email asks something (an AMP part is there to answer in). */
  amp: string | null;
  text: string;
};

export type RenderProblem =
  FieldProblem | CompileProblem | { part: "render"; line: number; column: number; message: string };
export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; problem: RenderProblem };

const FIELD_LABELS: Record<string, string> = {
  subject: "Subject",
  preheader: "Preheader",
  heading: "Heading",
  body: "Body",
  buttonLabel: "Button label",
};

/** A problem as the merchant reads it: where (field or part), line and column, what. */
export function describeProblem(problem: RenderProblem): string {
  const where =
    "field" in problem ? (FIELD_LABELS[problem.field] ?? problem.field) : `Template (${problem.part})`;
  return `${where}, line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

type Scope = Record<string, unknown>;

/** TemplateData as Liquid sees it (absent objects stay absent, so `{% if discount %}` works). */
export function dataScope(data: TemplateData): Scope {
  return Object.fromEntries(
    Object.entries(data).filter(([, value]) => value !== undefined && value !== null),
  );
}

/** Slots when they can, liquidjs otherwise: the same text either way. */
function renderPart(part: CompiledPart, scope: Scope, flavour: "html" | "text"): string {
  const fast = part.slots ? renderSlots(part.slots, scope, flavour === "html") : undefined;
  return fast ?? String((flavour === "html" ? layoutHtml : layoutText).renderSync(part.liquid, scope));
}

export function renderCompiled(
  compiled: CompiledTemplate,
  spec: LayoutSpec,
  texts: Texts,
  data: TemplateData,
  links: RecipientLinks,
): RenderResult {
  const scope = dataScope(data);
  const rendered = renderTexts(texts, scope);
  if (!rendered.ok) return rendered;
  const t = rendered.texts;
  const answerRows: Record<string, string> = {};
  const answerLines: Record<string, string> = {};
  for (const question of spec.questions) {
    const urls = links.answerUrls[question.key] ?? {};
    answerRows[question.key] = answerRowsHtml(question, spec.brand.color, urls);
    answerLines[question.key] = answerLinesText(question, urls);
  }
  const items = (spec.items && data[spec.items]?.line_items) || [];
  const rl = {
    subject: t.subject,
    item_rows: itemRowsHtml(items),
    item_rows_amp: itemRowsAmp(items),
    item_lines: itemLinesText(items),
    content: t.html,
    text: t.text,
    answer_rows: answerRows,
    answer_lines: answerLines,
    amp_tokens: links.ampTokens,
    unsubscribe_url: links.unsubscribeUrl ?? "",
  };
  const full = { ...scope, rl };
  try {
    return {
      ok: true,
      email: {
        version: compiled.version,
        subject: t.subject,
        preheader: t.text.preheader,
        html: renderPart(compiled.html, full, "html"),
        amp: spec.questions.length > 0 ? renderPart(compiled.amp, full, "html") : null,
        text: renderPart(compiled.text, full, "text"),
      },
    };
  } catch (error) {
    return { ok: false, problem: { part: "render", ...liquidProblem(error) } };
  }
}

export async function renderEmail(
  spec: LayoutSpec,
  texts: Texts,
  data: TemplateData,
  links: RecipientLinks,
  compile: (spec: LayoutSpec) => Promise<CompileResult> = compileTemplate,
): Promise<RenderResult> {
  const compiled = await compile(spec);
  if (!compiled.ok) return compiled;
  return renderCompiled(compiled.template, spec, texts, data, links);
}
