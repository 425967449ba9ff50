// The process's clock for everything time-based in campaigns (entry, due sends, quiet hours, caps).
// Real time in production; tests install a ManualClock, the sandbox an OffsetClock it can advance.
import { systemClock, type Clock } from "./clock";

let current: Clock = systemClock;

export const appClock: Clock = { now: () => current.now() };

export function installClock(clock: Clock) {
  current = clock;
}
