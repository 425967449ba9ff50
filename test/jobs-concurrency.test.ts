// A queue whose jobs mostly wait on a provider (the dispatch job waits on SendGrid or Twilio) runs
// its own number of jobs at once (SEND_CONCURRENCY), beside the shared JOB_CONCURRENCY slots: while
// its jobs wait, they overlap, and they never take the slots the other queues run in. The real queue
// adapter of this file's database (the Job table on SQLite, pg-boss on PostgreSQL), in process.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import db, { directDb } from "../app/db.server";
import { databaseKind } from "../app/db/database-url";
import { PgBossJobQueue } from "../app/jobs/pgboss-queue.server";
import { bindJob, jobRef, type JobQueue } from "../app/jobs/queue";
import { SqliteJobQueue } from "../app/jobs/sqlite-queue.server";

const url = process.env.DATABASE_URL ?? "";
const postgres = databaseKind(url) === "postgresql";
const queues: JobQueue[] = [];
const gates: (() => void)[] = [];

afterEach(async () => {
  // A failed wait leaves jobs waiting at their gate: let them end, or stopping waits for them.
  for (const release of gates.splice(0)) release();
  for (const queue of queues.splice(0)) await queue.stop();
});

// Names of this run's own: pg-boss keeps its queues between test files.
const RUN = randomUUID().slice(0, 8);
const testQueue = (name: string) => jobRef(`test.${name}-${RUN}`, z.object({ n: z.number() }), 3);

/** The real queue of this file's database, stopped after the test. */
function newQueue(): JobQueue {
  const queue = postgres
    ? new PgBossJobQueue(url, { leaseSeconds: 30, supervise: false })
    : new SqliteJobQueue(db, { leaseSeconds: 30 });
  queues.push(queue);
  return queue;
}

/** Jobs that wait until released, counting how many of each queue run at once. */
function gatedJobs() {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  gates.push(release);
  const running = { send: 0, other: 0 };
  const most = { send: 0, other: 0 };
  const done: string[] = [];
  const run = (kind: "send" | "other") => async (payload: { n: number }) => {
    running[kind]++;
    most[kind] = Math.max(most[kind], running[kind]);
    await gate;
    running[kind]--;
    done.push(`${kind} ${payload.n}`);
  };
  return { release, running, most, done, run };
}

async function waitUntil(condition: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(`a queue with a concurrency of its own (${postgres ? "pg-boss" : "the embedded queue"})`, () => {
  it(
    "runs that many of its jobs at once, and the other queues keep their shared slots",
    { timeout: 90_000 },
    async () => {
      const sendRef = testQueue("send");
      const otherRef = testQueue("other");
      const jobs = gatedJobs();
      const queue = newQueue();
      await queue.init([
        bindJob(sendRef, jobs.run("send"), { concurrency: 12 }),
        bindJob(otherRef, jobs.run("other")),
      ]);
      await db.$transaction(async (tx) => {
        for (let n = 0; n < 30; n++) await queue.enqueue(tx, sendRef, { n });
        for (let n = 0; n < 6; n++) await queue.enqueue(tx, otherRef, { n });
      });

      await queue.start({ concurrency: 2, pollIntervalMs: 50 });
      await waitUntil(
        () => jobs.running.send === 12 && jobs.running.other === 2,
        "12 sends and 2 others at once",
      );
      // Held there: nothing more starts while every slot waits.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(jobs.running).toEqual({ send: 12, other: 2 });

      jobs.release();
      await waitUntil(() => jobs.done.length === 36, "every job to finish");
      expect(jobs.most).toEqual({ send: 12, other: 2 });
      // Each ran once.
      expect(new Set(jobs.done).size).toBe(36);
    },
  );

  it(
    "lets the process serve requests and fire timers while it drains a backlog",
    { timeout: 90_000 },
    async () => {
      // Jobs that only touch the database: on SQLite every statement is synchronous, so without a
      // yield the worker would go from job to job on settled promises alone until the backlog is gone.
      const ref = testQueue("quick");
      const backlog = 2_000;
      let done = 0;
      const queue = newQueue();
      await queue.init([
        bindJob(ref, async ({ n }) => {
          await db.job.count({ where: { queue: `none-${n}` } });
          done++;
        }),
      ]);
      await directDb.transaction((session) =>
        queue.enqueueMany(
          session,
          ref,
          Array.from({ length: backlog }, (_, n) => ({ payload: { n } })),
        ),
      );

      await queue.start({ concurrency: 4, pollIntervalMs: 50 });
      await waitUntil(() => done > 0, "the first job");
      // A timer due at once fires while most of the backlog still waits.
      const doneWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
      expect(doneWhenTimerFired).toBeLessThan(backlog / 2);
      await waitUntil(() => done === backlog, "the backlog to drain");
    },
  );
});

describe(`whether work is due (${postgres ? "pg-boss" : "the embedded queue"})`, () => {
  it("is busy while a due job waits or runs, and not for a job due later", { timeout: 90_000 }, async () => {
    const ref = testQueue("busy");
    const jobs = gatedJobs();
    const queue = newQueue();
    await queue.init([bindJob(ref, jobs.run("other"))]);
    expect(await queue.busy()).toBe(false);

    await db.$transaction((tx) =>
      queue.enqueue(tx, ref, { n: 0 }, { runAt: new Date(Date.now() + 3_600_000) }),
    );
    expect(await queue.busy()).toBe(false);

    await db.$transaction((tx) => queue.enqueue(tx, ref, { n: 1 }));
    expect(await queue.busy()).toBe(true);

    await queue.start({ concurrency: 2, pollIntervalMs: 50 });
    await waitUntil(() => jobs.running.other === 1, "the due job to start");
    expect(await queue.busy()).toBe(true);

    jobs.release();
    await waitUntil(() => jobs.done.length === 1, "the due job to finish");
    // Completion is written after the job's promise settles.
    for (let i = 0; i < 200 && (await queue.busy()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await queue.busy()).toBe(false);
    expect(jobs.done).toEqual(["other 1"]);
  });
});
