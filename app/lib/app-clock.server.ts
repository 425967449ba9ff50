// The process's clock for product time: pages, jobs and stamps (see docs/decisions/0015). Real time
// in production; tests install a ManualClock, the sandbox an OffsetClock it can advance. The
// current clock lives on globalThis (like the Prisma client), so it can be replaced in the built
// app too: code loaded beside the build in one process installs a clock the build then reads.
import { systemClock, type Clock } from "./clock";

const globalForClock = globalThis as unknown as { replyloopClock?: Clock };

export const appClock: Clock = { now: () => (globalForClock.replyloopClock ?? systemClock).now() };

export function installClock(clock: Clock) {
  globalForClock.replyloopClock = clock;
}
