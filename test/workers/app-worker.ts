// A worker process of the app for the fault tests: exactly `node server.ts --worker` (the
// production build: the job queue, the due-send sweep, the CRM flusher), on an app clock the test
// moves instead of waiting. The app reads its clock from globalThis.replyloopClock
// (app/lib/app-clock.server.ts); here it runs APP_CLOCK_SPEED times faster than the real one, from
// APP_CLOCK_ORIGIN (app time) at APP_CLOCK_REAL_START (real time), so every worker agrees on it.
// Plain Node 22 (type stripping), like server.ts.
const origin = Date.parse(process.env.APP_CLOCK_ORIGIN ?? "");
const realStart = Number(process.env.APP_CLOCK_REAL_START ?? Date.now());
const speed = Number(process.env.APP_CLOCK_SPEED ?? "1");
if (Number.isNaN(origin)) throw new Error("APP_CLOCK_ORIGIN: an ISO date is required");
const clock = { now: () => new Date(origin + (Date.now() - realStart) * speed) };
Object.assign(globalThis, { replyloopClock: clock });

process.argv.push("--worker");
await import("../../server.ts");
export {};
