import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./ids";

describe("timeOrderedId", () => {
  it("is a version 7 UUID whose first 48 bits are the milliseconds", () => {
    const at = new Date("2026-12-06T22:40:00.123Z");
    const id = timeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at.getTime());
  });

  it("sorts as text in creation order across milliseconds, and never repeats", () => {
    const start = Date.parse("2026-12-06T22:40:00.000Z");
    const ids = Array.from({ length: 2_000 }, (_, i) => timeOrderedId(new Date(start + i * 997)));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = Array.from({ length: 10_000 }, () => timeOrderedId(new Date(start)));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });

  it("sorts in creation order within one millisecond, past 4,096 ids in it", () => {
    const at = new Date("2026-12-06T22:41:00.000Z");
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId(at));
    expect([...ids].sort()).toEqual(ids);
    // A later millisecond still sorts after every one of them.
    const later = timeOrderedId(new Date(at.getTime() + 5));
    expect(later > ids.at(-1)!).toBe(true);
  });
});
