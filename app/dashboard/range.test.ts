import { describe, expect, it } from "vitest";
import { lastDays, parseDateRange } from "./range";

const now = new Date("2026-03-10T02:30:00Z");
const params = (q: string) => new URLSearchParams(q);

describe("date range", () => {
  it("defaults to the last 30 local days, today included", () => {
    const r = parseDateRange(params(""), now, "UTC");
    expect(r).toMatchObject({ from: "2026-02-09", to: "2026-03-10", days: 30, problem: null });
    expect(r.start.toISOString()).toBe("2026-02-09T00:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("counts days in the shop's time zone (it is still March 9 in New York)", () => {
    const r = lastDays(7, now, "America/New_York");
    expect(r).toMatchObject({ from: "2026-03-03", to: "2026-03-09" });
    expect(r.start.toISOString()).toBe("2026-03-03T05:00:00.000Z"); // EST
    expect(r.end.toISOString()).toBe("2026-03-10T04:00:00.000Z"); // EDT from March 8
  });

  it("takes an explicit range and a preset", () => {
    expect(parseDateRange(params("from=2026-01-01&to=2026-01-31"), now, "UTC")).toMatchObject({
      days: 31,
      problem: null,
    });
    expect(parseDateRange(params("days=7"), now, "UTC")).toMatchObject({ from: "2026-03-04", days: 7 });
    expect(parseDateRange(params("days=8"), now, "UTC")).toMatchObject({ days: 30 });
  });

  it("falls back to the default, saying why, for a range it cannot use", () => {
    expect(parseDateRange(params("from=2026-02-30&to=2026-03-01"), now, "UTC").problem).toMatch(/real dates/);
    expect(parseDateRange(params("from=2026-03-05&to=2026-03-01"), now, "UTC").problem).toMatch(
      /after the end/,
    );
    expect(parseDateRange(params("from=2020-01-01&to=2026-03-01"), now, "UTC").problem).toMatch(/at most/);
    expect(parseDateRange(params("from=2026-03-05"), now, "UTC")).toMatchObject({ days: 30 });
  });
});
