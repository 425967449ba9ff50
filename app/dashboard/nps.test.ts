import { describe, expect, it } from "vitest";
import { npsSummary } from "./nps";

describe("NPS", () => {
  it("is % promoters minus % detractors", () => {
    const s = npsSummary(["10", "9", "9", "8", "7", "6", "0", "3", "10", "10"]);
    expect(s).toMatchObject({ responses: 10, promoters: 5, passives: 2, detractors: 3, score: 20 });
    expect(s.distribution).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 3]);
  });

  it("has no score without answers, and ignores values that are not 0–10", () => {
    expect(npsSummary([])).toMatchObject({ responses: 0, score: null });
    expect(npsSummary(["11", "-1", "abc", "4.5", "5"])).toMatchObject({
      responses: 1,
      detractors: 1,
      score: -100,
    });
  });
});
