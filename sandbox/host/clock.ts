// Sandbox time travel: a clock `offset` ms ahead of real time, installed as the app clock. The
// offset is kept in the sandbox's data folder, so a restart carries on at the same time.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export class OffsetClock {
  offset = 0;
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = path.join(dataDir, "clock.json");
    try {
      const saved = z.object({ offsetMs: z.number() }).parse(JSON.parse(fs.readFileSync(this.#file, "utf8")));
      this.offset = saved.offsetMs;
    } catch {
      this.offset = 0; // first start, or an unreadable file: real time
    }
  }

  now() {
    return new Date(Date.now() + this.offset);
  }

  advance(ms: number) {
    this.offset += ms;
    fs.writeFileSync(this.#file, JSON.stringify({ offsetMs: this.offset }));
  }
}
