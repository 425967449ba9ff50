import { describe, expect, it } from "vitest";
import { parseJsonLossless, quoteUnsafeIntegers } from "./json";

describe("lossless JSON", () => {
  it("keeps integers beyond 2^53 exact, as strings", () => {
    expect(parseJsonLossless('{"id":706405506930370084,"n":-9007199254740993,"ok":12}')).toEqual({
      id: "706405506930370084",
      n: "-9007199254740993",
      ok: 12,
    });
  });

  it("leaves safe numbers, decimals, exponents and strings alone", () => {
    const text =
      '{"a":9007199254740991,"b":12345678901234567.5,"c":1e21,"d":"706405506930370084","e":"say \\"1234567890123456789\\""}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it("keeps long fractions and exponents as the numbers they are", () => {
    const text =
      '{"price":0.30000000000000004,"tiny":-1.5e-1234567890123456,"big":12345678901234567890.25,"id":12345678901234567890}';
    expect(parseJsonLossless(text)).toEqual({
      price: 0.30000000000000004,
      tiny: -0,
      big: Number("12345678901234567890.25"),
      id: "12345678901234567890",
    });
  });

  it("handles arrays, nesting and escapes around big numbers", () => {
    expect(
      parseJsonLossless(
        '[1234567890123456789, {"x":[ -1234567890123456789 ]}, "a\\\\", 12345678901234567890]',
      ),
    ).toEqual(["1234567890123456789", { x: ["-1234567890123456789"] }, "a\\", "12345678901234567890"]);
  });

  it("gives what JSON.parse gives for any JSON without unsafe integers", () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? pick(["s", "n", "f"]) : pick(["s", "n", "f", "a", "o"]);
      if (kind === "s")
        return Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
          pick(['"', "\\", "1234567890123456789", "a", " ", "é", "-", "0."]),
        ).join("");
      if (kind === "n") return Math.floor((random() - 0.5) * Number.MAX_SAFE_INTEGER);
      if (kind === "f") return (random() - 0.5) * 10 ** Math.floor(random() * 35 - 20); // below 2^53: no integer-valued literal to quote
      if (kind === "a") return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${i}"\\`, value(depth + 1)]),
      );
    };
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(value(0));
      expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    }
  });

  it("still rejects what is not JSON", () => {
    expect(() => parseJsonLossless('{"id": 1234567890123456789')).toThrow(SyntaxError);
    expect(() => parseJsonLossless("")).toThrow(SyntaxError);
  });
});
