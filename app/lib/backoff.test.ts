import { describe, expect, it } from "vitest";
import { backoffMs, withJitter } from "./backoff";

describe("backoffMs", () => {
  it("doubles from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, { baseMs: 1000, maxMs: 5000 }))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect(backoffMs(0, { baseMs: 1000, maxMs: 5000 })).toBe(1000);
  });

  it("spreads each wait by the jitter", () => {
    const at = (r: number) => backoffMs(2, { baseMs: 1000, maxMs: 60_000, jitter: 0.25, random: () => r });
    expect([at(0), at(0.5), at(1)]).toEqual([1500, 2000, 2500]);
    expect(withJitter(1000, 0)).toBe(1000);
  });
});
