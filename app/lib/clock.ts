// Time comes from one injectable clock so journeys that last days run in milliseconds under test,
// and the sandbox can move time forward (sandbox/host/clock.ts).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = "2026-01-05T10:00:00Z") {
    this.current = new Date(start).getTime();
  }
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current += ms;
  }
  set(to: Date | string) {
    this.current = new Date(to).getTime();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A moment as the merchant reads it: in the shop's time zone, e.g. "Jan 15, 2026, 1:00 PM". */
export function shopDateTime(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString("en", { timeZone, dateStyle: "medium", timeStyle: "short" });
}
