// Sandbox time travel: a clock `offset` ms ahead of real time, installed as the app clock. The
// offset is kept in the sandbox's data folder, so a restart carries on at the same time.
// A first start begins at the next morning hour in the demo store's time zone: the shop's quiet
// hours would otherwise hold the first email of an evening session until the next morning.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export type FirstStart = { timeZone: string; hour: number };

/** Milliseconds since local midnight in `timeZone` at `at`. */
export function localTimeOfDay(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * HOUR + part("minute") * 60_000 + part("second") * 1000 + at.getMilliseconds();
}

export class OffsetClock {
  offset = 0;
  readonly #file: string;

  constructor(dataDir: string, firstStart?: FirstStart) {
    this.#file = path.join(dataDir, "clock.json");
    const saved = this.#read();
    if (saved !== null) {
      this.offset = saved;
      return;
    }
    if (firstStart) {
      const wait = firstStart.hour * HOUR - localTimeOfDay(new Date(), firstStart.timeZone);
      this.offset = wait < 0 ? wait + DAY : wait;
      this.#write();
    }
  }

  #read(): number | null {
    if (!fs.existsSync(this.#file)) return null;
    const parsed = z
      .object({ offsetMs: z.number() })
      .safeParse(JSON.parse(fs.readFileSync(this.#file, "utf8")));
    if (!parsed.success) throw new Error(`${this.#file} is not a sandbox clock; delete it or use --reset`);
    return parsed.data.offsetMs;
  }

  #write() {
    fs.writeFileSync(this.#file, JSON.stringify({ offsetMs: this.offset }));
  }

  now() {
    return new Date(Date.now() + this.offset);
  }

  advance(ms: number) {
    this.offset += ms;
    this.#write();
  }
}
