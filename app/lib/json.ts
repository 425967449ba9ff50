// JSON as it arrives from other systems. Shopify's REST ids (e.g. 706405506930370084) exceed
// Number.MAX_SAFE_INTEGER, and JSON.parse would silently round them; here they stay exact strings.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const LONG_INTEGER = /\d{16}/;
const QUOTE = 34; // "
const BACKSLASH = 92;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Index of the quote closing the string that opens at `open` (text.length if it never closes). */
function stringEnd(text: string, open: number) {
  let close = text.indexOf('"', open + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return text.length;
}

function skipDigits(text: string, from: number) {
  let end = from;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  return end;
}

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
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (c !== MINUS && !isDigit(c)) continue;
    // The whole number literal, fraction and exponent included: the digits of 0.30000000000000004
    // after the point are not an integer of their own.
    let end = skipDigits(text, i + 1);
    const integerEnd = end;
    if (text.charCodeAt(end) === DOT) end = skipDigits(text, end + 1);
    const e = text.charCodeAt(end);
    if (e === LOWER_E || e === UPPER_E) {
      const sign = text.charCodeAt(end + 1);
      end = skipDigits(text, sign === PLUS || sign === MINUS ? end + 2 : end + 1);
    }
    if (end === integerEnd && end - i >= 16) {
      const token = text.slice(i, end);
      if (!Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = end;
      }
    }
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** JSON.parse that keeps integers beyond 2^53 as their exact decimal string. Throws SyntaxError. */
export function parseJsonLossless(text: string): JsonValue {
  return parseJsonLosslessText(text).value;
}

/**
 * parseJsonLossless, also returning the text it parsed (long integers quoted): a JSON text of
 * exactly `value`, to store without serializing `value` again. Throws SyntaxError.
 */
export function parseJsonLosslessText(text: string): { value: JsonValue; text: string } {
  const quoted = quoteUnsafeIntegers(text);
  return { value: JSON.parse(quoted) as JsonValue, text: quoted };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON.parse, or undefined for text that is not JSON (the caller's schema then refuses it). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
