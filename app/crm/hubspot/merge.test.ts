import { describe, expect, it } from "vitest";
import { mergeContactWrites, sentKey, type PendingWrite } from "./merge";

let n = 0;
const w = (
  email: string,
  property: string,
  value: string,
  at: string,
  shop = "a.myshopify.com",
): PendingWrite => ({
  id: `w${String(++n).padStart(3, "0")}`,
  shop,
  email,
  property,
  value,
  eventAt: new Date(at),
  createdAt: new Date("2026-01-01T00:00:00Z"),
});

describe("mergeContactWrites", () => {
  it("keeps the latest value per property by event time, whatever the row order", () => {
    const late = w("jane@example.com", "replyloop_last_nps_score", "9", "2026-01-05T10:05:00Z");
    const early = w("jane@example.com", "replyloop_last_nps_score", "3", "2026-01-05T10:00:00Z");
    const other = w("jane@example.com", "replyloop_vip_tier", "gold", "2026-01-05T09:00:00Z");
    const [jane] = mergeContactWrites([late, early, other]);
    expect(jane).toMatchObject({
      email: "jane@example.com",
      properties: { replyloop_last_nps_score: "9", replyloop_vip_tier: "gold" },
      supersededIds: [early.id],
    });
    expect(jane?.sendIds.sort()).toEqual([late.id, other.id].sort());
    expect(jane?.latestEventAt).toEqual(late.eventAt);
  });

  it("makes one input per contact, across shops of the same portal", () => {
    const merged = mergeContactWrites([
      w("jane@example.com", "replyloop_vip_tier", "silver", "2026-01-05T10:00:00Z", "a.myshopify.com"),
      w("jane@example.com", "replyloop_vip_tier", "gold", "2026-01-05T11:00:00Z", "b.myshopify.com"),
      w("joe@example.com", "replyloop_vip_tier", "none", "2026-01-05T10:00:00Z"),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged.find((c) => c.email === "jane@example.com")).toMatchObject({
      properties: { replyloop_vip_tier: "gold" },
      shops: ["b.myshopify.com"],
    });
  });

  it("never sends a value older than one HubSpot already has from us", () => {
    const stale = w("jane@example.com", "replyloop_vip_tier", "silver", "2026-01-05T10:00:00Z");
    const fresh = w("jane@example.com", "replyloop_last_answer_at", "x", "2026-01-05T10:00:00Z");
    const sent = new Map([
      [sentKey("jane@example.com", "replyloop_vip_tier"), new Date("2026-01-05T10:30:00Z")],
    ]);
    const [jane] = mergeContactWrites([stale, fresh], sent);
    expect(jane).toMatchObject({
      properties: { replyloop_last_answer_at: "x" },
      sendIds: [fresh.id],
      supersededIds: [stale.id],
    });
  });

  it("breaks ties of equal event time by insertion order", () => {
    const first = {
      ...w("j@example.com", "p", "1", "2026-01-05T10:00:00Z"),
      createdAt: new Date("2026-01-05T10:00:01Z"),
    };
    const second = {
      ...w("j@example.com", "p", "2", "2026-01-05T10:00:00Z"),
      createdAt: new Date("2026-01-05T10:00:02Z"),
    };
    expect(mergeContactWrites([second, first])[0]?.properties).toEqual({ p: "2" });
  });
});
