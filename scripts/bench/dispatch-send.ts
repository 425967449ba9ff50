// The sending side of `npm run bench:dispatch`, one worker process (run with vite-node so it imports
// the app): after the sweep claimed the due sends, this process takes its share of them (every
// BENCH_WORKERS-th, from BENCH_WORKER) and runs for each what the dispatch job runs (`dispatchSend`
// with the composition root's dependencies): the checks, the email composed and sent through the
// app's email sender and the outbox transport, the outcome and the journey's next step recorded.
// SEND_CONCURRENCY at a time, like the job worker's dispatch queue; the queue's own fetch and completion of each job
// are not part of the figure. With BENCH_THROUGH_QUEUE=1 they are: this process runs the job queue as
// a worker does (every queue, JOB_CONCURRENCY and SEND_CONCURRENCY slots) until every claimed send
// went out through its dispatch job, and the delivery events the outbox reports meanwhile take their
// share of the process. The app clock runs from BENCH_NOW. Prints one JSON line: sent, seconds, and
// the CPU seconds this process used meanwhile.
import { dispatchSend } from "../../app/campaigns/dispatch.server";
import db, { directDb } from "../../app/db.server";
import { intOf, parameters } from "../../app/db/session";
import { dispatchDeps, emailSender, startBackground } from "../../app/server/composition.server";
import { env } from "../../app/env.server";
import { installClock } from "../../app/lib/app-clock.server";
import { jobQueue } from "../../app/jobs/jobs.server";

const worker = Number(process.env.BENCH_WORKER ?? "0");
const workers = Number(process.env.BENCH_WORKERS ?? "1");
const concurrency = env.SEND_CONCURRENCY;
const throughQueue = process.env.BENCH_THROUGH_QUEUE === "1";
const benchNow = new Date(process.env.BENCH_NOW ?? "").getTime();
if (Number.isNaN(benchNow)) throw new Error("BENCH_NOW is not a date");
// The app's time is BENCH_NOW when this process starts, and moves on with real time.
const offset = benchNow - Date.now();
installClock({ now: () => new Date(Date.now() + offset) });
// The job queue as a worker process has it (a send's outcome enqueues work), without running jobs.
const background = await startBackground({ worker: false });

// The sends the sweep claimed: every send due at BENCH_NOW (the journeys' next steps are later), the
// same list in every process whichever of them already went out.
const claimed = await db.scheduledSend.findMany({
  where: { runAt: { lte: new Date(benchNow) } },
  select: { id: true, state: true },
  orderBy: { id: "asc" },
});
const mine = claimed.filter((_, i) => i % workers === worker);
if (mine.some((s) => s.state !== "dispatching")) throw new Error("a send of this share is not claimed");

// Warm up the templates and connections outside the measurement: one message of its own.
const warmUp = await emailSender.send({
  shop: "bench.myshopify.com",
  sendId: `warm-up-${worker}`,
  campaign: "post_purchase",
  step: "post_purchase_survey",
  template: "post_purchase_survey",
  to: { email: "warm-up@example.com", customerId: null },
  content: {},
  data: {
    shop: {
      name: "Bench",
      domain: "bench.myshopify.com",
      brand_color: "#0a7d55",
      url: "https://bench.example",
    },
    customer: { email: "warm-up@example.com", first_name: null, last_name: null },
  },
  questions: [],
  marketing: false,
});
if (warmUp.status !== "sent") throw new Error(`warm-up: ${JSON.stringify(warmUp)}`);

/** Polls (every 200 ms, for up to 10 minutes) until `done` holds; `what` names it if it never does. */
async function until(done: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 600_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} in 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * How many of these sends are recorded as sent (a send the checks cancelled or postponed is not).
 * Through the direct driver: through Prisma, the query compiler's work for 4,000 ids took ~10 % of
 * this process's CPU, counted as the worker's. Each id by the primary key (the state an expression):
 * on statistics from before the burst PostgreSQL read every sent send through (state, runAt) for
 * each 500 ids instead.
 */
async function sentOf(sends: { id: string }[]) {
  let sent = 0;
  for (let i = 0; i < sends.length; i += 500) {
    const { p, values } = parameters(directDb.kind);
    const ids = sends.slice(i, i + 500).map((s) => p(s.id));
    sent += await countOf(
      `"ScheduledSend" WHERE "id" IN (${ids.join(", ")}) AND COALESCE("state", "state") = 'sent'`,
      values,
    );
  }
  return sent;
}

/** `SELECT COUNT(*) FROM <from>` through the direct driver (Prisma's compiler would be the worker's CPU). */
async function countOf(from: string, values: unknown[] = []) {
  const [row] = await directDb.query(`SELECT COUNT(*) AS "n" FROM ${from}`, values);
  return intOf(row?.n);
}

/** Every send of the database recorded as sent: one index range, what the worker's wait polls. */
const allSent = () => countOf(`"ScheduledSend" WHERE "state" = 'sent'`);

// Every worker starts at the same moment (BENCH_START_AT), so parallel runs overlap fully.
const startAt = Number(process.env.BENCH_START_AT ?? "0");
if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
const started = performance.now();
const cpuBefore = process.cpuUsage();
if (throughQueue) {
  // The jobs the sweep enqueued, run by this process's queue as a worker runs them. It is the only
  // sending process, so it waits for that many more sends recorded as sent (a cheap count: the
  // database shares the worker's cores), and checks below that they are its own.
  const sentBefore = await allSent();
  await jobQueue.start({ concurrency: env.JOB_CONCURRENCY, pollIntervalMs: env.JOB_POLL_INTERVAL_MS });
  await until(
    async () => (await allSent()) - sentBefore >= mine.length,
    "the queue did not send every claimed send",
  );
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < mine.length) await dispatchSend(mine[next++]!.id, dispatchDeps);
    }),
  );
}
const seconds = (performance.now() - started) / 1000;
const cpuSecondsSince = (before: NodeJS.CpuUsage) => {
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1e6;
};
const cpuSeconds = cpuSecondsSince(cpuBefore);
const sent = await sentOf(mine);
// Through the queue: the outbox's delivery reports still waiting when the last send went out, and
// how long after the start the last of them was applied (when the dashboard's funnel is current),
// and the CPU this process had used by then.
let events = {};
if (throughQueue) {
  const waitingEvents = () => countOf(`"Event" WHERE "source" = 'outbox' AND "state" = 'pending'`);
  const eventsWaiting = await waitingEvents();
  await until(async () => (await waitingEvents()) === 0, "the delivery events were not applied");
  events = {
    eventsWaiting,
    events: await db.event.count({ where: { source: "outbox" } }),
    eventsAppliedSeconds: (performance.now() - started) / 1000,
    cpuAllSeconds: cpuSecondsSince(cpuBefore),
  };
}
await background.stop();
console.log(JSON.stringify({ sent, seconds, cpuSeconds, ...events }));
