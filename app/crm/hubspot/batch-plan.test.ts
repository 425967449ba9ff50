import { describe, expect, it } from "vitest";
import { pickBatch } from "./batch-plan";

const contact = (i: number, at = 0, readyAt = at) => ({
  email: `c${String(i).padStart(4, "0")}@example.com`,
  oldestAt: at,
  readyAt,
});

describe("pickBatch", () => {
  it("sends a full batch at once, oldest first, at most 100", () => {
    const contacts = Array.from({ length: 250 }, (_, i) => contact(i, 1000 - i));
    const batch = pickBatch(contacts, { now: 1000, lingerMs: 5000 });
    expect(batch).toHaveLength(100);
    expect(batch[0]).toBe("c0249@example.com");
  });

  it("waits for more while the oldest has not lingered long enough, then sends what there is", () => {
    const contacts = [contact(1, 1000), contact(2, 1500)];
    expect(pickBatch(contacts, { now: 1800, lingerMs: 1000 })).toEqual([]);
    expect(pickBatch(contacts, { now: 2000, lingerMs: 1000 })).toEqual([
      "c0001@example.com",
      "c0002@example.com",
    ]);
  });

  it("leaves out contacts in backoff or already in flight", () => {
    const contacts = [contact(1, 0, 5000), contact(2, 0), contact(3, 0)];
    expect(pickBatch(contacts, { now: 1000, lingerMs: 0, busy: new Set(["c0003@example.com"]) })).toEqual([
      "c0002@example.com",
    ]);
  });
});
