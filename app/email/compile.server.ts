// Compiling a template version: MJML → HTML once, then every part parsed as Liquid once (and split
// into slots when it is plain outputs), cached by the spec it was generated from. Per recipient
// only the cached templates run (render.ts).
// MJML never sees Liquid: each {{ … }} / {% … %} is swapped for an inert placeholder before MJML
// and put back into the compiled HTML, so Liquid may sit in text, attributes and table rows.
import { createHash, randomBytes } from "node:crypto";
import type { Template } from "liquidjs";
import mjml2html from "mjml";
import { layoutHtml, layoutText, parseWith, type LiquidProblem } from "./liquid";
import { slotTemplate, type SlotTemplate } from "./slots";
import { ampLayout } from "./templates/amp-layout";
import { htmlLayout } from "./templates/html-layout";
import type { LayoutSpec } from "./templates/layout-spec";
import { textLayout } from "./templates/text-layout";

/** Part of the cache key and of the version hash: bump to force a recompile within a running process. */
export const LAYOUT_REVISION = 1;

/** One part, parsed by liquidjs, and in slot form when its Liquid is only plain outputs (slots.ts). */
export type CompiledPart = { liquid: Template[]; slots: SlotTemplate | null };
export type CompiledTemplate = { version: string; html: CompiledPart; amp: CompiledPart; text: CompiledPart };
export type CompileProblem = LiquidProblem & { part: "html" | "amp" | "text" };
export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; problem: CompileProblem };

const LIQUID_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** Replaces Liquid tags with placeholders MJML leaves alone; `restore` puts them back. */
export function shieldLiquid(source: string) {
  const tags: string[] = [];
  const nonce = randomBytes(4).toString("hex");
  const text = source.replace(LIQUID_TAG, (tag) => `rlq${nonce}n${tags.push(tag) - 1}x`);
  const placeholder = new RegExp(`rlq${nonce}n(\\d+)x`, "g");
  return {
    text,
    /** Puts the tags back; `missing` counts tags MJML dropped (a copy, e.g. the title as aria-label, is fine). */
    restore(html: string) {
      const seen = new Set<number>();
      const out = html.replace(placeholder, (_, index: string) => {
        seen.add(Number(index));
        return tags[Number(index)] ?? "";
      });
      return { html: out, missing: tags.length - seen.size };
    },
  };
}

export type MjmlOutput = { ok: true; html: string } | { ok: false; problem: CompileProblem };

/** MJML → HTML with the Liquid kept intact. Any MJML error fails the compile (never a broken email). */
export async function compileMjml(source: string): Promise<MjmlOutput> {
  const shielded = shieldLiquid(source);
  const result = await mjml2html(shielded.text, { validationLevel: "soft", keepComments: false });
  const first = result.errors[0];
  if (first) {
    return {
      ok: false,
      problem: { part: "html", line: first.line, column: 1, message: `MJML: ${first.message}` },
    };
  }
  const { html, missing } = shielded.restore(result.html);
  // Every Liquid tag of the source must survive compilation; a lost one is a layout bug.
  if (missing > 0) {
    return {
      ok: false,
      problem: { part: "html", line: 1, column: 1, message: `MJML dropped ${missing} Liquid tag(s)` },
    };
  }
  return { ok: true, html };
}

export type Sources = { mjml: string; amp: string; text: string };

export function layoutSources(spec: LayoutSpec): Sources {
  return { mjml: htmlLayout(spec), amp: ampLayout(spec), text: textLayout(spec) };
}

export function versionOf(sources: Sources) {
  return createHash("sha256")
    .update(`${LAYOUT_REVISION}\0${sources.mjml}\0${sources.amp}\0${sources.text}`)
    .digest("hex")
    .slice(0, 24);
}

/** Compiles without the cache (the benchmark's per-recipient baseline uses this). */
export async function compileSources(sources: Sources): Promise<CompileResult> {
  const mjml = await compileMjml(sources.mjml);
  if (!mjml.ok) return mjml;
  const html = parseWith(layoutHtml, mjml.html);
  if (!html.ok) return { ok: false, problem: { ...html.problem, part: "html" } };
  const amp = parseWith(layoutHtml, sources.amp);
  if (!amp.ok) return { ok: false, problem: { ...amp.problem, part: "amp" } };
  const text = parseWith(layoutText, sources.text);
  if (!text.ok) return { ok: false, problem: { ...text.problem, part: "text" } };
  return {
    ok: true,
    template: {
      version: versionOf(sources),
      html: { liquid: html.templates, slots: slotTemplate(mjml.html) },
      amp: { liquid: amp.templates, slots: slotTemplate(sources.amp) },
      text: { liquid: text.templates, slots: slotTemplate(sources.text) },
    },
  };
}

const MAX_CACHED = 500;
const cache = new Map<string, Promise<CompileResult>>();
const stats = { compiles: 0, hits: 0 };

/**
 * The compiled template of this spec: from the cache, or compiled once (concurrent callers share
 * it). The cache key is the spec itself — everything a layout is generated from — so a hit costs
 * neither generating the layout sources nor hashing them.
 */
export function compileTemplate(spec: LayoutSpec): Promise<CompileResult> {
  const key = `${LAYOUT_REVISION}:${JSON.stringify(spec)}`;
  const cached = cache.get(key);
  if (cached) {
    stats.hits++;
    // Most recently used last: the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  stats.compiles++;
  const compiling = compileSources(layoutSources(spec));
  cache.set(key, compiling);
  // A compile that threw (a bug, not a template error) is not kept: the next call tries again.
  void compiling.catch(() => cache.delete(key));
  if (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return compiling;
}

/** How often the cache compiled vs served a compiled template (tests, diagnostics). */
export function compileStats() {
  return { ...stats, cached: cache.size };
}
