// The last compile step of a layout part: when its Liquid is nothing but plain outputs —
// `{{ a.b["c"] }}`, `{{ x | raw }}`, `{{ d | date: "…" }}`, which is what our layouts contain once
// MJML has run — it is split once into static text and slots, and each recipient's email is the
// static text joined with the slot values. Same result as liquidjs (slots.test.ts compares every
// default template both ways), at a fraction of its per-output cost. Anything else — a tag, another
// filter, a value that is not a plain string, number or boolean — renders through liquidjs.
import { fastDate } from "./liquid-date";

type Slot = { path: string[]; raw: boolean; dateFormat: string | null };
export type SlotTemplate = { statics: string[]; slots: Slot[] };

const OUTPUT = /\{\{([\s\S]*?)\}\}/g;
const SEGMENT = /^(?:\.([A-Za-z_][\w-]*)|\["([^"\\]*)"\])/;
const HEAD = /^([A-Za-z_][\w-]*)/;
const DATE = /^date:\s*"([^"\\]*)"$/;

function parsePath(expression: string): string[] | null {
  const head = HEAD.exec(expression);
  if (!head?.[1]) return null;
  const path = [head[1]];
  let rest = expression.slice(head[0].length);
  while (rest) {
    const segment = SEGMENT.exec(rest);
    if (!segment) return null;
    path.push(segment[1] ?? segment[2] ?? "");
    rest = rest.slice(segment[0].length);
  }
  return path;
}

function parseSlot(expression: string): Slot | null {
  // Whitespace control ({{- -}}) and anything that is not "path [| raw | date: "…"]" is liquidjs's.
  if (expression.startsWith("-") || expression.endsWith("-")) return null;
  const [target = "", ...filters] = expression.split("|").map((part) => part.trim());
  const path = parsePath(target);
  if (!path || filters.length > 1) return null;
  const filter = filters[0];
  if (filter === undefined) return { path, raw: false, dateFormat: null };
  if (filter === "raw") return { path, raw: true, dateFormat: null };
  const date = DATE.exec(filter);
  return date ? { path, raw: false, dateFormat: date[1] ?? "" } : null;
}

/** The slot form of a Liquid source, or null when it is more than plain outputs. */
export function slotTemplate(source: string): SlotTemplate | null {
  if (source.includes("{%")) return null;
  const statics: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of source.matchAll(OUTPUT)) {
    const slot = parseSlot((match[1] ?? "").trim());
    if (!slot) return null;
    statics.push(source.slice(last, match.index));
    slots.push(slot);
    last = match.index + match[0].length;
  }
  statics.push(source.slice(last));
  return { statics, slots };
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
/** liquidjs's escape filter, character for character. */
const escapeLiquid = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function lookup(scope: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = scope;
  for (const key of path) {
    // Own properties only, like the engines (ownPropertyOnly).
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = Reflect.get(value, key) as unknown;
  }
  return value;
}

/** The rendered text, or undefined when a value needs liquidjs (the caller then renders with it). */
export function renderSlots(
  template: SlotTemplate,
  scope: Record<string, unknown>,
  escape: boolean,
): string | undefined {
  let out = template.statics[0] ?? "";
  for (let i = 0; i < template.slots.length; i++) {
    const slot = template.slots[i];
    if (!slot) return undefined;
    const value = lookup(scope, slot.path);
    let text: string;
    if (value === undefined || value === null) text = "";
    else if (typeof value === "string") text = value;
    else if (typeof value === "number" || typeof value === "boolean") text = String(value);
    else return undefined;
    if (slot.dateFormat !== null) {
      if (value === undefined || value === null) text = "";
      else {
        const formatted = fastDate(value, slot.dateFormat);
        if (formatted === undefined) return undefined;
        text = formatted;
      }
    }
    out += (escape && !slot.raw ? escapeLiquid(text) : text) + (template.statics[i + 1] ?? "");
  }
  return out;
}
