import { describe, expect, it } from "vitest";
import { filterParams, parseAnswerFilters } from "./filters";

describe("answer filters", () => {
  it("reads campaign, question and local dates", () => {
    const f = parseAnswerFilters(
      new URLSearchParams("campaign=post_purchase&question=nps&from=2026-01-01&to=2026-01-31"),
      "Europe/Paris",
    );
    expect(f).toMatchObject({
      campaign: "post_purchase",
      question: "nps",
      from: "2026-01-01",
      to: "2026-01-31",
      problems: [],
    });
    expect(f.start?.toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(f.end?.toISOString()).toBe("2026-01-31T23:00:00.000Z");
    expect(filterParams(f).toString()).toBe(
      "campaign=post_purchase&question=nps&from=2026-01-01&to=2026-01-31",
    );
  });

  it("drops nonsense and says so", () => {
    const f = parseAnswerFilters(
      new URLSearchParams("campaign=spam&question=Robert'); DROP&from=2026-02-01&to=2026-01-01"),
      "UTC",
    );
    expect(f).toMatchObject({ campaign: null, question: null, from: null, to: null, start: null, end: null });
    expect(f.problems).toHaveLength(3);
  });
});
