// Liquid, the template language Shopify merchants already know. Two kinds of engine:
// - layout engines run our own generated templates (trusted: they may use `raw` to place HTML we
//   rendered ourselves), in an HTML flavour (every output escaped) and a text flavour;
// - the content engine runs what a merchant typed (subject, heading, body …): no file access
//   (include/render/layout refused), `raw` is an ordinary no-op, unknown filters are errors.
// All are bounded in time and memory, and show dates in UTC.
import { Liquid, LiquidError, type Template } from "liquidjs";
import { dateFilter } from "./liquid-date";

const LIMITS = { parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 50_000_000 };

function baseEngine(escape: boolean) {
  const engine = new Liquid({
    ...(escape ? { outputEscape: "escape" as const } : {}),
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    // An in-memory, empty file system: nothing on disk is ever readable from a template.
    templates: {},
    // Dates in emails are shown in UTC unless a template says otherwise.
    timezoneOffset: 0,
    ...LIMITS,
  });
  engine.registerFilter("date", dateFilter);
  return engine;
}

const REFUSED_TAGS = ["include", "render", "layout", "block"] as const;

function contentEngine() {
  const engine = baseEngine(false);
  // `raw` cannot let markup through: the rendered text is escaped as a whole (content.ts).
  engine.registerFilter("raw", (value: unknown) => value);
  for (const name of REFUSED_TAGS) {
    engine.registerTag(name, {
      parse() {
        throw new Error(`the {% ${name} %} tag is not available in email texts`);
      },
      render() {
        return "";
      },
    });
  }
  return engine;
}

export const layoutHtml = baseEngine(true);
export const layoutText = baseEngine(false);
/** Merchant texts render once, unescaped; their HTML form is that text escaped as a whole (content.ts). */
export const contentLiquid = contentEngine();

export type LiquidProblem = { line: number; column: number; message: string };

/** A Liquid error → line, column and a message without the position suffix liquidjs appends. */
export function liquidProblem(error: unknown): LiquidProblem {
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  const [line = 1, column = 1] = LiquidError.is(error) ? error.token.getPosition() : [];
  return { line, column, message: first.replace(/,\s*line:\d+, col:\d+$/, "") };
}

export type ParseResult = { ok: true; templates: Template[] } | { ok: false; problem: LiquidProblem };

export function parseWith(engine: Liquid, source: string): ParseResult {
  try {
    return { ok: true, templates: engine.parse(source) };
  } catch (error) {
    return { ok: false, problem: liquidProblem(error) };
  }
}
