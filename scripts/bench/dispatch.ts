// npm run bench:dispatch — claiming due scheduled sends at scale (issue 17, P3).
//
// Seeds ScheduledSend with BENCH_ROWS pending sends across BENCH_SHOPS shops, BENCH_DUE of them due
// (spread evenly through the table, the rest due within 30 days). The due ones are made by the
// product (scripts/bench/dispatch-seed.ts: installed shops with the post-purchase survey on, a
// survey requested on demand for each customer, so each is a journey whose first email is due);
// the rest are plain rows. Then it runs the app's sweep in a process of its own
// (scripts/bench/dispatch-claim.ts) until every due send is claimed and its dispatch job enqueued,
// on SQLite and, when TEST_DATABASE_URL is set (npm run bench:dispatch runs under
// scripts/with-postgres.sh), on PostgreSQL. Checks that every due send was claimed once and nothing
// else was, then prints the figures and one headline line per database, e.g.
//   sqlite claim+enqueue seconds: 1.4
// Default size is small (100,000 rows, 100 shops, 1,000 due) so it runs in a minute on a shared
// machine; BENCH_FULL=1 runs the issue's size (1,000,000 rows, 1,000 shops, 10,000 due).
// Then worker processes (scripts/bench/dispatch-send.ts) run the dispatch job's work for each
// claimed send: its checks (journey, campaign, consent, suppression, frequency cap, quiet hours),
// composing the email, sending it through the app's email sender and the outbox transport, and
// recording the outcome and the journey's next step. On PostgreSQL half by one process alone, the
// other half by two at once; SQLite is one process, which sends them all. Printing sends/s per process (goal ≥ 300/s, near-linear with two), and checked:
// every claimed send has one Message "sent". SEND_CONCURRENCY sends at a time per process, like the
// job worker's dispatch queue (SEND_CONCURRENCY, JOB_CONCURRENCY and DATABASE_DIRECT_CONNECTIONS,
// when set, are passed on to the sending processes). With BENCH_SENDGRID_LATENCY_MS=<ms> the sends
// go to SendGrid's stand-in (fakes/sendgrid-server.ts, in this process) answering each Mail Send
// after that long, as the real one takes ~100–300 ms: what a worker sends when it waits on the
// provider. With BENCH_THROUGH_QUEUE=1 one worker process per database sends every claimed send
// through the job queue instead (pg-boss's or the embedded queue's fetch, run and completion of
// each dispatch job, and the outbox's delivery events processed beside them, as a worker does; no
// pair).
// Goal: the full size claimed and enqueued in ≤ 2 s, RSS ≤ 300 MB. Named baseline: the sweep before
// issue 17 (200 one-row transactions a tick), measured in issue 17 at the full size on SQLite:
// 14.7 s of sweep work, the last due send claimed after ≥ 100 s at the 2 s interval (not re-run here).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import { z } from "zod";
import { sqlitePath } from "../../app/db/database-url.ts";
import { deployMigrations } from "../db/deploy.ts";
import { projectRoot } from "../db/prisma-cli.ts";
import { startFakeSendGrid } from "../../fakes/sendgrid-server.ts";
import { readEnvExample } from "../env-example.ts";
import { appScriptArgs, appScriptEnv } from "./app-script.ts";
import { freshDatabase, withPg } from "./databases.ts";

const FULL = process.env.BENCH_FULL === "1";
const ROWS = Number(process.env.BENCH_ROWS ?? (FULL ? 1_000_000 : 100_000));
const SHOPS = Number(process.env.BENCH_SHOPS ?? (FULL ? 1_000 : 100));
const DUE = Number(process.env.BENCH_DUE ?? (FULL ? 10_000 : 1_000));
const STRIDE = Math.floor(ROWS / DUE);
const NOW = new Date("2026-03-02T12:00:00.000Z");
const BASELINE_SECONDS = 14.7;
const GOAL_SECONDS = 2;
const GOAL_RSS_MB = 300;
if (!(STRIDE >= 1 && ROWS % DUE === 0)) throw new Error("BENCH_ROWS must be a multiple of BENCH_DUE");

const resultSchema = z.object({
  claimed: z.number(),
  sweeps: z.number(),
  seconds: z.number(),
  slowestSweepMs: z.number(),
  peakRssMb: z.number(),
});
const sendSchema = z.object({
  sent: z.number(),
  seconds: z.number(),
  cpuSeconds: z.number(),
  // Through the queue: delivery events waiting at the last send, all of them, and when all were applied.
  eventsWaiting: z.number().optional(),
  events: z.number().optional(),
  eventsAppliedSeconds: z.number().optional(),
  cpuAllSeconds: z.number().optional(),
});
type SendRun = z.infer<typeof sendSchema>;
type SendPhase = { runs: SendRun[]; machineBusy: number | null };

/** The machine's CPU time so far (Linux /proc/stat; null elsewhere): busy and total, every core. */
function machineCpu(): { busy: number; total: number } | null {
  if (!fs.existsSync("/proc/stat")) return null;
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}
type Result = z.infer<typeof resultSchema> & {
  seedSeconds: number;
  /** Sends/s of one worker process alone, then of each of two running at once. */
  single: SendPhase;
  /** PostgreSQL only: SQLite is one process. */
  pair: SendPhase | null;
};
const GOAL_SENDS_PER_SECOND = 300;
const THROUGH_QUEUE = process.env.BENCH_THROUGH_QUEUE === "1";
const SENDGRID_LATENCY_MS = Number(process.env.BENCH_SENDGRID_LATENCY_MS ?? "0");
const sendGrid = SENDGRID_LATENCY_MS > 0 ? await startFakeSendGrid({ latencyMs: SENDGRID_LATENCY_MS }) : null;
/** The sending processes' transport: the outbox, or SendGrid's stand-in (its key and address). */
const transportEnv: Record<string, string> = sendGrid
  ? {
      SENDGRID_API_KEY: sendGrid.apiKey,
      SENDGRID_API_BASE_URL: sendGrid.url,
      // Required beside the key; only the Event Webhook's verification reads it (not run here).
      SENDGRID_WEBHOOK_PUBLIC_KEY: "bench-unused",
    }
  : {};
const sendConcurrency = readEnvExample().SEND_CONCURRENCY ?? "";

/** The worker's settings taken from this process's environment when set (else .env.example's). */
const passedOn = Object.fromEntries(
  ["SEND_CONCURRENCY", "JOB_CONCURRENCY", "DATABASE_DIRECT_CONNECTIONS"].flatMap((name) => {
    const value = process.env[name];
    return value ? [[name, value]] : [];
  }),
);

/** Runs the sending side (scripts/bench/dispatch-send.ts) as worker processes, all starting at once. */
async function sendPhase(url: string, shares: { worker: number; workers: number }[]): Promise<SendPhase> {
  const startAt = Date.now() + 8_000; // after every process has loaded the app
  // How busy the whole machine (every core: these processes, the database, anything else) was
  // while they sent: near 100 % means a second process can only share the cores, not add to them.
  const atStart: { cpu: ReturnType<typeof machineCpu> } = { cpu: null };
  const snapshot = setTimeout(() => (atStart.cpu = machineCpu()), startAt - Date.now());
  const runs = await Promise.all(
    shares.map(
      ({ worker, workers }) =>
        new Promise<SendRun>((resolve, reject) => {
          const child = spawn(process.execPath, appScriptArgs("scripts/bench/dispatch-send.ts"), {
            cwd: projectRoot,
            env: appScriptEnv(url, {
              BENCH_WORKER: String(worker),
              BENCH_WORKERS: String(workers),
              BENCH_START_AT: String(startAt),
              BENCH_NOW: NOW.toISOString(),
              ...transportEnv,
              ...passedOn,
              ...(THROUGH_QUEUE ? { BENCH_THROUGH_QUEUE: "1" } : {}),
            }),
            stdio: ["ignore", "pipe", "inherit"],
          });
          let out = "";
          child.stdout.on("data", (d: Buffer) => (out += d.toString()));
          child.once("exit", (code) => {
            if (code !== 0) return reject(new Error(`a sending process failed (${code})`));
            resolve(sendSchema.parse(JSON.parse(out.trim().split("\n").at(-1) ?? "")));
          });
        }),
    ),
  );
  clearTimeout(snapshot);
  const atEnd = machineCpu();
  const start = atStart.cpu;
  const machineBusy =
    start && atEnd && atEnd.total > start.total
      ? (atEnd.busy - start.busy) / (atEnd.total - start.total)
      : null;
  return { runs, machineBusy };
}

/** Row i, when it is not a due one (a multiple of STRIDE): due within 30 days. */
const runAtOffsetSeconds = (i: number) => 1 + (i % 2_592_000);

/** The due rows, through the product: journeys entered a minute before NOW (dispatch-seed.ts). */
function seedDue(url: string) {
  const child = spawnSync(process.execPath, appScriptArgs("scripts/bench/dispatch-seed.ts"), {
    cwd: projectRoot,
    env: appScriptEnv(url, {
      BENCH_NOW: NOW.toISOString(),
      BENCH_ROWS: String(ROWS),
      BENCH_SHOPS: String(SHOPS),
      BENCH_STRIDE: String(STRIDE),
    }),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the seeding process failed (${child.status})`);
  const { entered } = z
    .object({ entered: z.number() })
    .parse(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? ""));
  if (entered !== DUE) throw new Error(`${entered} journeys entered, expected ${DUE}`);
}

function seedSqlite(url: string) {
  const db = new Database(sqlitePath(url));
  db.pragma("journal_mode = WAL");
  const insert = db.prepare(
    `INSERT INTO "ScheduledSend" ("id", "shop", "journeyId", "campaign", "step", "email", "runAt", "state",
       "idempotencyKey", "capped", "createdAt", "updatedAt") VALUES (?, ?, ?, 'abandoned_cart', 'reminder', ?, ?, 'scheduled', ?, 1, ?, ?)`,
  );
  const stamp = (date: Date) => date.toISOString().replace("Z", "+00:00");
  const now = stamp(NOW);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (i % STRIDE === 0) continue; // due: made by the product (scripts/bench/dispatch-seed.ts)
      const runAt = stamp(new Date(NOW.getTime() + runAtOffsetSeconds(i) * 1000));
      insert.run(
        `send-${i}`,
        `shop-${i % SHOPS}.myshopify.com`,
        `journey-${i}`,
        `c${i}@example.com`,
        runAt,
        `key-${i}`,
        now,
        now,
      );
    }
  });
  for (let i = 0; i < ROWS; i += 50_000) batch(i, Math.min(ROWS, i + 50_000));
  db.exec("ANALYZE");
  db.close();
}

async function seedPostgres(url: string) {
  const now = NOW.toISOString().replace("T", " ").replace("Z", "");
  await withPg(url, async (client) => {
    await client.query(
      `INSERT INTO "ScheduledSend" ("id", "shop", "journeyId", "campaign", "step", "email", "runAt", "state",
         "idempotencyKey", "capped", "createdAt", "updatedAt")
       SELECT 'send-' || i, 'shop-' || (i % $1) || '.myshopify.com', 'journey-' || i, 'abandoned_cart', 'reminder',
         'c' || i || '@example.com',
         $2::timestamp + (1 + i % 2592000) * interval '1 second',
         'scheduled', 'key-' || i, true, $2::timestamp, $2::timestamp
       FROM generate_series(0, $4 - 1) AS i
       WHERE i % $3 <> 0`, // the due rows are made by the product (scripts/bench/dispatch-seed.ts)
      [SHOPS, now, STRIDE, ROWS],
    );
    await client.query(`ANALYZE "ScheduledSend"`);
  });
}

/** Sends by state and dispatch jobs, read straight from the database after the run. */
async function census(kind: "sqlite" | "postgresql", url: string) {
  const statesSql = `SELECT "state", count(*) AS n FROM "ScheduledSend" GROUP BY "state"`;
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url), { readonly: true });
    const rows = z.array(z.object({ state: z.string(), n: z.number() })).parse(db.prepare(statesSql).all());
    const jobs = z
      .object({ n: z.number() })
      .parse(db.prepare(`SELECT count(*) AS n FROM "Job" WHERE "queue" = 'campaigns.dispatch-send'`).get());
    db.close();
    return { states: Object.fromEntries(rows.map((r) => [r.state, r.n])), jobs: jobs.n };
  }
  return withPg(url, async (client) => {
    const states = await client.query(statesSql);
    const jobs = await client.query(
      `SELECT count(*) AS n FROM pgboss.job WHERE name = 'campaigns.dispatch-send'`,
    );
    const rows = z.array(z.object({ state: z.string(), n: z.coerce.number() })).parse(states.rows);
    return {
      states: Object.fromEntries(rows.map((r) => [r.state, r.n])),
      jobs: z.array(z.object({ n: z.coerce.number() })).parse(jobs.rows)[0]?.n ?? 0,
    };
  });
}

async function messagesSent(kind: "sqlite" | "postgresql", url: string) {
  // Through the queue, the outbox's delivery events may have moved a message on to "delivered".
  const sql = `SELECT count(*) AS n FROM "Message" WHERE "status" IN ('sent', 'delivered')`;
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url), { readonly: true });
    const n = z.object({ n: z.number() }).parse(db.prepare(sql).get()).n;
    db.close();
    return n;
  }
  return withPg(url, async (client) => {
    const rows = z.array(z.object({ n: z.coerce.number() })).parse((await client.query(sql)).rows);
    return rows[0]?.n ?? 0;
  });
}

async function run(kind: "sqlite" | "postgresql"): Promise<Result> {
  const database = await freshDatabase(kind, "dispatch");
  try {
    deployMigrations(database.url);
    const seedStarted = performance.now();
    if (kind === "sqlite") seedSqlite(database.url);
    else await seedPostgres(database.url);
    seedDue(database.url);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const child = spawnSync(process.execPath, appScriptArgs("scripts/bench/dispatch-claim.ts"), {
      cwd: projectRoot,
      env: appScriptEnv(database.url, { BENCH_NOW: NOW.toISOString() }),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0) throw new Error(`the claiming process failed (${child.status})`);
    const line = child.stdout.trim().split("\n").at(-1) ?? "";
    const result = resultSchema.parse(JSON.parse(line));
    const { states, jobs } = await census(kind, database.url);
    if (
      result.claimed !== DUE ||
      states.dispatching !== DUE ||
      states.scheduled !== ROWS - DUE ||
      jobs !== DUE
    )
      throw new Error(`${kind}: wrong outcome ${JSON.stringify({ claimed: result.claimed, states, jobs })}`);
    // PostgreSQL: half the claimed sends by one worker process alone, the other half by two at once.
    // SQLite runs as one process (README): the one process sends them all. (Two processes writing
    // one SQLite file fail each other's Prisma transactions with SQLITE_BUSY_SNAPSHOT: the file's
    // one writer is why SQLite is the one-process topology.)
    // Through the queue: one worker process takes every job the sweep enqueued.
    const split = kind === "postgresql" && !THROUGH_QUEUE;
    const single = await sendPhase(database.url, [{ worker: 0, workers: split ? 2 : 1 }]);
    const pair = split
      ? await sendPhase(database.url, [
          { worker: 1, workers: 4 },
          { worker: 3, workers: 4 },
        ])
      : null;
    const processes = pair ? 3 : 1;
    const sent = await messagesSent(kind, database.url);
    if (sent !== DUE + processes)
      // + one warm-up message per process
      throw new Error(`${kind}: ${sent} messages sent, expected ${DUE} (+${processes} warm-up)`);
    return { ...result, seedSeconds, single, pair };
  } finally {
    await database.drop();
  }
}

console.log(
  `bench:dispatch — ${ROWS.toLocaleString("en")} pending sends, ${SHOPS} shops, ${DUE.toLocaleString("en")} due` +
    `${FULL ? "" : " (small; BENCH_FULL=1 for the issue's 1,000,000)"}, ${os.cpus().length} cores, ` +
    `load average ${os.loadavg()[0]?.toFixed(1)}`,
);
const kinds: ("sqlite" | "postgresql")[] = ["sqlite"];
if (process.env.TEST_DATABASE_URL) kinds.push("postgresql");
else console.log("(PostgreSQL skipped: TEST_DATABASE_URL is not set; npm run bench:dispatch sets it)");
const results: [string, Result][] = [];
for (const kind of kinds) results.push([kind, await run(kind)]);
await sendGrid?.close();

for (const [kind, r] of results)
  console.log(
    `${kind.padEnd(10)} seeded in ${r.seedSeconds.toFixed(1)} s · claimed ${r.claimed} in ${r.sweeps} sweeps, ` +
      `${r.seconds.toFixed(2)} s (${(r.claimed / r.seconds).toFixed(0)} sends/s, slowest sweep ${r.slowestSweepMs.toFixed(0)} ms) · ` +
      `peak RSS ${r.peakRssMb.toFixed(0)} MB (goal ≤ ${GOAL_RSS_MB})`,
  );
console.log(
  `baseline: the pre-issue-17 sweep, ${BASELINE_SECONDS} s of sweep work for 10,000 due of 1,000,000 on SQLite ` +
    `(issue 17's figure, not re-run); goal ≤ ${GOAL_SECONDS} s at that size`,
);
for (const [kind, r] of results)
  console.log(
    `ratio ${kind} ÷ baseline: ${(r.seconds / BASELINE_SECONDS).toFixed(3)}${FULL ? "" : " (small run)"}`,
  );
const rate = (r: SendRun) => r.sent / r.seconds;
const singleRun = (phase: SendPhase) => phase.runs[0] ?? { sent: 0, seconds: 1, cpuSeconds: 0 };
const cpuPerSend = (runs: SendRun[]) =>
  (1000 * runs.reduce((a, r) => a + r.cpuSeconds, 0)) / runs.reduce((a, r) => a + r.sent, 0);
const busy = (phase: SendPhase) =>
  phase.machineBusy === null ? "n/a" : `${(100 * phase.machineBusy).toFixed(0)} %`;
for (const [kind, r] of results) {
  const one = singleRun(r.single);
  const pairRates = r.pair?.runs.map(rate) ?? [];
  const together = pairRates.reduce((a, b) => a + b, 0);
  console.log(
    `${kind.padEnd(10)} dispatching (${THROUGH_QUEUE ? "through the job queue: " : ""}checks, compose, ` +
      `${sendGrid ? `SendGrid at ${SENDGRID_LATENCY_MS} ms` : "outbox"}, record; ` +
      `${passedOn.SEND_CONCURRENCY ?? sendConcurrency} at a time): one worker process ${rate(one).toFixed(0)} sends/s ` +
      `(${cpuPerSend([one]).toFixed(2)} ms of its CPU a send; machine busy ${busy(r.single)}); ` +
      (r.pair
        ? `two at once ${pairRates.map((x) => x.toFixed(0)).join(" + ")} = ${together.toFixed(0)} sends/s ` +
          `(${(together / rate(one)).toFixed(2)} × one; ${cpuPerSend(r.pair.runs).toFixed(2)} ms CPU a send; ` +
          `machine busy ${busy(r.pair)})`
        : THROUGH_QUEUE
          ? "one process (BENCH_THROUGH_QUEUE)"
          : "one process by design (one writer)"),
  );
  if (one.events !== undefined)
    console.log(
      `${kind.padEnd(10)} delivery events: ${one.eventsWaiting} of ${one.events} waiting at the last send, ` +
        `all applied ${one.eventsAppliedSeconds?.toFixed(1)} s after the start (the last send: ${one.seconds.toFixed(1)} s); ` +
        `${((1000 * (one.cpuAllSeconds ?? 0)) / one.sent).toFixed(2)} ms of the worker's CPU a send and its report`,
    );
}
console.log(
  `baseline for sending: the issue's goal, ${GOAL_SENDS_PER_SECOND} sends/s per worker process (no earlier figure exists)`,
);
for (const [kind, r] of results)
  console.log(
    `ratio ${kind} one-process sends/s ÷ goal: ${(rate(singleRun(r.single)) / GOAL_SENDS_PER_SECOND).toFixed(2)}`,
  );
for (const [kind, r] of results) console.log(`${kind} claim+enqueue seconds: ${r.seconds.toFixed(2)}`);
for (const [kind, r] of results)
  console.log(`${kind} sends per second per worker process: ${rate(singleRun(r.single)).toFixed(0)}`);
