import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/helpers/fixtures";
import { errorBodySchema } from "./api-schemas";
import { backoffMs, MAX_BACKOFF_MS, rateLimitDelayMs } from "./retry-policy";

const middle = () => 0.5;

describe("retry policy", () => {
  it("backs off exponentially up to the cap", () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, middle))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, middle)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(1, () => 0)).toBe(750);
  });

  it("waits for the window HubSpot's 429 names", () => {
    const ten = errorBodySchema.parse(fixture("hubspot/api/error-429-ten-secondly.json"));
    const secondly = errorBodySchema.parse(fixture("hubspot/api/error-429-secondly-search.json"));
    expect(rateLimitDelayMs(ten.policyName, 1, middle)).toBe(10_000);
    expect(rateLimitDelayMs(secondly.policyName, 1, middle)).toBe(1_000);
    expect(rateLimitDelayMs(undefined, 3, middle)).toBe(4_000);
  });

  it("never retries inside the window: jitter only lengthens the wait", () => {
    for (const random of [() => 0, middle, () => 0.999]) {
      const wait = rateLimitDelayMs("TEN_SECONDLY_ROLLING", 1, random);
      expect(wait).toBeGreaterThanOrEqual(10_000);
      expect(wait).toBeLessThanOrEqual(12_500);
    }
  });
});
