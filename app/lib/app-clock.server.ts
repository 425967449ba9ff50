// The process's clock for everything time-based in campaigns (entry, due sends, quiet hours, caps).
// Real time in production; tests install a ManualClock, the sandbox an OffsetClock it can advance.
// Kept on globalThis (like the Prisma client in db.server.ts): the built bundle and the tests that
// serve it share one clock, so a test moves the bundle's time too.
import { systemClock, type Clock } from "./clock";

const globalForClock = globalThis as unknown as { replyloopClock?: Clock };

export const appClock: Clock = { now: () => (globalForClock.replyloopClock ?? systemClock).now() };

export function installClock(clock: Clock) {
  globalForClock.replyloopClock = clock;
}
