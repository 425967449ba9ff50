// JSON as it arrives from other systems. Shopify's REST ids (e.g. 706405506930370084) exceed
// Number.MAX_SAFE_INTEGER, and JSON.parse would silently round them; here they stay exact strings.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

type ReviverContext = { source?: string };

const LONG_INTEGER = /\d{16}/;

/** JSON.parse that keeps integers beyond 2^53 as their exact decimal string. Throws SyntaxError. */
export function parseJsonLossless(text: string): JsonValue {
  // The reviver is costly; a text without 16 consecutive digits has no integer beyond 2^53.
  if (!LONG_INTEGER.test(text)) return JSON.parse(text) as JsonValue;
  return JSON.parse(text, function (_key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value) && context?.source) {
      return /^-?\d+$/.test(context.source) ? context.source : value;
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown) as JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
