import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { localTimeOfDay, OffsetClock } from "./clock.ts";

const HOUR = 3600_000;
const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-clock-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the sandbox clock", () => {
  it("starts a new sandbox at 10:00 in the store's time zone, at most a day ahead", () => {
    const clock = new OffsetClock(dataDir(), { timeZone: "Europe/Berlin", hour: 10 });
    const local = localTimeOfDay(clock.now(), "Europe/Berlin");
    expect(Math.abs(local - 10 * HOUR)).toBeLessThan(5_000);
    expect(clock.offset).toBeGreaterThanOrEqual(0);
    expect(clock.offset).toBeLessThan(24 * HOUR);
  });

  it("carries on at the saved time after a restart, moved hours included", () => {
    const dir = dataDir();
    const first = new OffsetClock(dir, { timeZone: "Asia/Tokyo", hour: 9 });
    first.advance(3 * HOUR);
    const again = new OffsetClock(dir, { timeZone: "Asia/Tokyo", hour: 9 });
    expect(again.offset).toBe(first.offset);
    expect(Math.abs(localTimeOfDay(again.now(), "Asia/Tokyo") - 12 * HOUR)).toBeLessThan(5_000);
  });

  it("refuses a clock file it cannot read instead of silently starting over", () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, "clock.json"), JSON.stringify({ offset: "soon" }));
    expect(() => new OffsetClock(dir)).toThrow(/not a sandbox clock/);
  });

  it("reads a time of day in the given zone", () => {
    const at = new Date("2026-07-01T08:30:15.250Z");
    expect(localTimeOfDay(at, "Europe/Berlin")).toBe(10 * HOUR + 30 * 60_000 + 15_250);
    expect(localTimeOfDay(at, "UTC")).toBe(8 * HOUR + 30 * 60_000 + 15_250);
  });
});
