import { describe, expect, it } from "vitest";
import {
  consentVerdict,
  frequencyCapAllows,
  localMinutes,
  outsideQuietHours,
  qualifyingTier,
  tierFromTags,
  tierTag,
} from "./rules";

const quiet = { enabled: true, start: "21:00", end: "08:00" };

describe("consent", () => {
  const base = { marketingState: null, acceptsMarketing: false, ordersCount: 0 };
  it("sends only to subscribed customers by default", () => {
    expect(consentVerdict({ ...base, marketingState: "SUBSCRIBED" }, { softOptIn: false })).toEqual({
      ok: true,
    });
    expect(consentVerdict({ ...base, marketingState: "NOT_SUBSCRIBED" }, { softOptIn: false })).toEqual({
      ok: false,
      reason: "not subscribed to email marketing (not_subscribed)",
    });
    expect(consentVerdict(base, { softOptIn: false })).toMatchObject({ ok: false });
  });
  it("counts the checkout's marketing box unless the customer said no", () => {
    expect(consentVerdict({ ...base, acceptsMarketing: true }, { softOptIn: false })).toMatchObject({
      ok: true,
    });
    expect(
      consentVerdict(
        { ...base, acceptsMarketing: true, marketingState: "UNSUBSCRIBED" },
        { softOptIn: false },
      ),
    ).toMatchObject({ ok: false });
  });
  it("soft opt-in: existing customers who never unsubscribed", () => {
    expect(consentVerdict({ ...base, ordersCount: 2 }, { softOptIn: true })).toMatchObject({
      ok: true,
      note: "soft opt-in (existing customer)",
    });
    expect(consentVerdict({ ...base, ordersCount: 0 }, { softOptIn: true })).toMatchObject({ ok: false });
    expect(
      consentVerdict({ ...base, ordersCount: 2, marketingState: "UNSUBSCRIBED" }, { softOptIn: true }),
    ).toMatchObject({ ok: false });
  });
});

describe("quiet hours in the shop's time zone", () => {
  it("moves 23:00 New York to 08:00 the next morning", () => {
    const at = new Date("2026-03-02T04:00:00Z"); // 23:00 EST
    const moved = outsideQuietHours(at, "America/New_York", quiet);
    expect(moved.toISOString()).toBe("2026-03-02T13:00:00.000Z"); // 08:00 EST
  });
  it("leaves daytime alone and handles a window that does not cross midnight", () => {
    const noon = new Date("2026-03-02T17:00:00Z"); // 12:00 EST
    expect(outsideQuietHours(noon, "America/New_York", quiet)).toEqual(noon);
    expect(
      outsideQuietHours(new Date("2026-03-02T12:30:00Z"), "UTC", {
        enabled: true,
        start: "12:00",
        end: "13:00",
      }).toISOString(),
    ).toBe("2026-03-02T13:00:00.000Z");
    expect(outsideQuietHours(noon, "UTC", { ...quiet, enabled: false })).toEqual(noon);
  });
  it("crosses a daylight-saving change to the right local 08:00", () => {
    // 22:30 EST on 7 March 2026; clocks go forward at 02:00 on 8 March.
    const moved = outsideQuietHours(new Date("2026-03-08T03:30:00Z"), "America/New_York", quiet);
    expect(localMinutes(moved, "America/New_York")).toBe(8 * 60);
  });
});

describe("frequency cap", () => {
  it("holds a second capped email until the cap has passed", () => {
    const last = new Date("2026-01-01T10:00:00Z");
    expect(frequencyCapAllows(new Date("2026-01-01T20:00:00Z"), last, 16).toISOString()).toBe(
      "2026-01-02T02:00:00.000Z",
    );
    expect(frequencyCapAllows(new Date("2026-01-02T03:00:00Z"), last, 16).toISOString()).toBe(
      "2026-01-02T03:00:00.000Z",
    );
    expect(frequencyCapAllows(new Date("2026-01-01T20:00:00Z"), null, 16).toISOString()).toBe(
      "2026-01-01T20:00:00.000Z",
    );
  });
});

describe("VIP tiers", () => {
  const tiers = { silver: { minOrders: 3, minSpent: 300 }, gold: { minOrders: null, minSpent: 1000 } };
  it("uses the defaults: Silver at 3 orders or 300, Gold at 1,000", () => {
    expect(qualifyingTier({ ordersCount: 2, spent: 299.99 }, tiers)).toBe("none");
    expect(qualifyingTier({ ordersCount: 3, spent: 10 }, tiers)).toBe("silver");
    expect(qualifyingTier({ ordersCount: 1, spent: 300 }, tiers)).toBe("silver");
    expect(qualifyingTier({ ordersCount: 1, spent: 1000 }, tiers)).toBe("gold");
  });
  it("reads tiers from tags, case-insensitively, highest wins", () => {
    expect(tierTag("VIP-", "gold")).toBe("VIP-Gold");
    expect(tierFromTags(["vip-silver", "VIP-Gold"], "VIP-")).toBe("gold");
    expect(tierFromTags(["wholesale"], "VIP-")).toBeNull();
  });
});
