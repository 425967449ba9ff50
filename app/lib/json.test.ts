import { describe, expect, it } from "vitest";
import { parseJsonLossless, quoteUnsafeIntegers } from "./json";

describe("lossless JSON", () => {
  it("keeps integers beyond 2^53 exact, as strings", () => {
    expect(parseJsonLossless('{"id":706405506930370084,"n":-9007199254740993,"ok":12}')).toEqual({ id: "706405506930370084", n: "-9007199254740993", ok: 12 });
  });

  it("leaves safe numbers, decimals, exponents and strings alone", () => {
    const text = '{"a":9007199254740991,"b":12345678901234567.5,"c":1e21,"d":"706405506930370084","e":"say \\"1234567890123456789\\""}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it("handles arrays, nesting and escapes around big numbers", () => {
    expect(parseJsonLossless('[1234567890123456789, {"x":[ -1234567890123456789 ]}, "a\\\\", 12345678901234567890]')).toEqual([
      "1234567890123456789",
      { x: ["-1234567890123456789"] },
      "a\\",
      "12345678901234567890",
    ]);
  });

  it("still rejects what is not JSON", () => {
    expect(() => parseJsonLossless('{"id": 1234567890123456789')).toThrow(SyntaxError);
    expect(() => parseJsonLossless("")).toThrow(SyntaxError);
  });
});
