import { describe, expect, it } from "vitest";
import { BUCKET_MS, decideRate, maxInRollingWindow, type RateBucket } from "./rate-window";

/** Simulates a greedy client asking every `stepMs`, recording granted request times. */
function simulate(limit: number, stepMs: number, durationMs: number, start = 12_345) {
  const buckets = new Map<number, number>();
  const granted: number[] = [];
  for (let now = start; now < start + durationMs; now += stepMs) {
    const list: RateBucket[] = [...buckets].map(([s, count]) => ({ start: s, count }));
    const d = decideRate(list, { now, limit });
    if (d.granted) {
      buckets.set(d.bucketStart, (buckets.get(d.bucketStart) ?? 0) + 1);
      granted.push(now);
    }
  }
  return granted;
}

describe("decideRate", () => {
  it("grants up to the limit, then says how long to wait", () => {
    const t0 = 100_000;
    const buckets: RateBucket[] = [{ start: t0, count: 110 }];
    expect(decideRate(buckets, { now: t0 + 500, limit: 110 })).toEqual({ granted: false, retryInMs: 10_500 });
    expect(decideRate(buckets, { now: t0 + 10_999, limit: 110 })).toMatchObject({ granted: false });
    expect(decideRate(buckets, { now: t0 + 11_000, limit: 110 })).toEqual({
      granted: true,
      bucketStart: t0 + 11_000,
    });
    expect(decideRate([{ start: t0, count: 109 }], { now: t0 + 1, limit: 110 })).toMatchObject({
      granted: true,
    });
  });

  it("waits only for the buckets that must expire", () => {
    const t0 = 200_000;
    const buckets = [
      { start: t0, count: 50 },
      { start: t0 + 3 * BUCKET_MS, count: 60 },
    ];
    expect(decideRate(buckets, { now: t0 + 5_000, limit: 110 })).toEqual({
      granted: false,
      retryInMs: 6_000,
    });
  });

  it("never lets any rolling 10 s window exceed the limit, however the requests fall", () => {
    for (const step of [7, 37, 101, 333]) {
      const granted = simulate(110, step, 60_000);
      expect(maxInRollingWindow(granted)).toBeLessThanOrEqual(110);
      // …and still uses most of the budget: at least 110 per 11 s, or every request when fewer are asked.
      expect(granted.length).toBeGreaterThanOrEqual(
        Math.min(Math.floor(60_000 / step), Math.floor(60_000 / 11_000) * 110),
      );
    }
  });
});

describe("maxInRollingWindow", () => {
  it("counts requests less than a window apart", () => {
    expect(maxInRollingWindow([0, 1, 9_999, 10_000, 10_001])).toBe(3);
    expect(maxInRollingWindow([])).toBe(0);
  });
});
