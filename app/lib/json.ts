// JSON as it arrives from other systems. Shopify's REST ids (e.g. 706405506930370084) exceed
// Number.MAX_SAFE_INTEGER, and JSON.parse would silently round them; here they stay exact strings.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const LONG_INTEGER = /\d{16}/;
const QUOTE = 34; // "
const BACKSLASH = 92;
const MINUS = 45;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The same JSON text with every integer literal beyond 2^53 written as a string literal ("…"),
 * so JSON.parse keeps it exact. Strings are left as they are. Text that is not JSON stays not JSON.
 * A single pass over the text: on the webhook path this is several times cheaper than a reviver.
 */
export function quoteUnsafeIntegers(text: string): string {
  // Without 16 consecutive digits there is no integer beyond 2^53: nothing to do.
  if (!LONG_INTEGER.test(text)) return text;
  let out = "";
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    if (c !== MINUS && !isDigit(c)) continue;
    let end = i + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end);
    const integer = next !== 46 && next !== 101 && next !== 69; // not followed by . e E
    const token = text.slice(i, end);
    if (integer && token.length >= 16 && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copied, i)}"${token}"`;
      copied = end;
    }
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** JSON.parse that keeps integers beyond 2^53 as their exact decimal string. Throws SyntaxError. */
export function parseJsonLossless(text: string): JsonValue {
  return JSON.parse(quoteUnsafeIntegers(text)) as JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
