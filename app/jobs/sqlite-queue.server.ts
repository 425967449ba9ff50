// The embedded queue: jobs are rows of the Job table, claimed by a conditional UPDATE (safe even
// with several processes on one file), leased while they run, and claimed again after a crash once
// the lease has lapsed.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "../db.server";
import { sqliteDateTime, type InsertSpec, type SqlSession } from "../db/session";
import type { JsonObject } from "../lib/json";
import { timeOrderedId } from "../lib/ids";
import {
  errorText,
  FINISHED_JOBS_KEPT_MS,
  retryDelayMs,
  type EnqueueOptions,
  type JobDefinition,
  type JobItem,
  type JobQueue,
  type JobRef,
} from "./queue";

/** A job row; a key enqueued before (or twice in one call) conflicts on the unique idempotencyKey. */
const JOB_INSERT: InsertSpec = {
  table: "Job",
  columns: ["id", "queue", "payload", "runAt", "idempotencyKey", "maxAttempts", "createdAt", "updatedAt"],
  conflict: ["idempotencyKey"],
  returning: "id",
};

/** Finished jobs deleted per statement when pruning (within Prisma's parameter limit for SQLite). */
const PRUNE_SET = 500;

/** A stored payload that does not fit its queue's schema will never fit: no retries. */
class InvalidPayload extends Error {}

/** Queues that share slots: at most `limit` of their jobs run at once in this process. */
type SlotGroup = { queues: string[]; limit: number; running: number };

type JobRow = Awaited<ReturnType<Db["job"]["findFirstOrThrow"]>>;

export class SqliteJobQueue implements JobQueue {
  readonly kind = "sqlite" as const;
  readonly #db: Db;
  readonly #leaseMs: number;
  readonly #workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  #definitions = new Map<string, JobDefinition>();
  #running = new Set<Promise<void>>();
  /** Jobs this process holds: never claimed again here, however late a renewal of their lease runs. */
  #held = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  /** Ends the loop's wait; set while it waits. */
  #endWait: (() => void) | undefined;
  /**
   * Something changed since the loop last claimed (a slot came free, a job was enqueued): claim
   * again before waiting. A flag, not only a call: what happens while the loop is claiming must
   * not be lost, or the loop sleeps a whole poll interval with every slot free.
   */
  #signalled = false;

  constructor(db: Db, options: { leaseSeconds: number }) {
    this.#db = db;
    this.#leaseMs = options.leaseSeconds * 1000;
  }

  async init(definitions: readonly JobDefinition[]) {
    this.#definitions = new Map(definitions.map((d) => [d.queue, d]));
  }

  async enqueue<P extends JsonObject>(tx: Tx, job: JobRef<P>, payload: P, options: EnqueueOptions = {}) {
    if (options.idempotencyKey) {
      const existing = await tx.job.findUnique({
        where: { idempotencyKey: options.idempotencyKey },
        select: { id: true },
      });
      if (existing) return null;
    }
    const created = await tx.job.create({
      data: {
        queue: job.queue,
        payload,
        runAt: options.runAt ?? new Date(),
        idempotencyKey: options.idempotencyKey ?? null,
        maxAttempts: job.maxAttempts,
      },
      select: { id: true },
    });
    this.#signal();
    return created.id;
  }

  async enqueueMany<P extends JsonObject>(session: SqlSession, job: JobRef<P>, items: JobItem<P>[]) {
    const now = new Date();
    const rows = items.map((item) => [
      timeOrderedId(now),
      job.queue,
      JSON.stringify(item.payload),
      now,
      item.idempotencyKey ?? null,
      job.maxAttempts,
      now,
      now,
    ]);
    const enqueued = (await session.insertIgnoring(JOB_INSERT, rows)).length;
    if (enqueued) this.#signal();
    return enqueued;
  }

  async prune() {
    // The queue's own time, as its stamps (finishedAt, leases) are.
    const before = new Date(Date.now() - FINISHED_JOBS_KEPT_MS);
    let deleted = 0;
    // In sets, each a short write of its own: SQLite's one writer is not held for long.
    for (;;) {
      // Only a finished job (completed, or failed for good) has a finishedAt: its index alone
      // finds them, oldest first, without reading the week of jobs kept.
      const finished = await this.#db.job.findMany({
        where: { finishedAt: { lt: before } },
        select: { id: true },
        orderBy: { finishedAt: "asc" },
        take: PRUNE_SET,
      });
      if (finished.length === 0) return deleted;
      const { count } = await this.#db.job.deleteMany({ where: { id: { in: finished.map((j) => j.id) } } });
      deleted += count;
    }
  }

  async purge(tx: Tx, match: { shop: string; shopifyId?: string }) {
    // SQLite's JSON functions: the Job table's payload is JSON text.
    return match.shopifyId
      ? tx.$executeRawUnsafe(
          `DELETE FROM "Job" WHERE json_extract("payload", '$.shop') = ? AND json_extract("payload", '$.shopifyId') = ?`,
          match.shop,
          match.shopifyId,
        )
      : tx.$executeRawUnsafe(`DELETE FROM "Job" WHERE json_extract("payload", '$.shop') = ?`, match.shop);
  }

  async start(options: { concurrency: number; pollIntervalMs: number }) {
    this.#stopped = false;
    const definitions = [...this.#definitions.values()];
    const groups: SlotGroup[] = [
      { queues: definitions.filter((d) => !d.concurrency).map((d) => d.queue), limit: options.concurrency },
      ...definitions.flatMap((d) => (d.concurrency ? [{ queues: [d.queue], limit: d.concurrency }] : [])),
    ]
      .filter((group) => group.queues.length > 0)
      .map((group) => ({ ...group, running: 0 }));
    const loop = async () => {
      while (!this.#stopped) {
        // SQLite's driver is synchronous: a claim, a job that only touches the database and its
        // completion are promises already settled, and the loop would go round on them alone —
        // never letting the process serve a request or fire a timer until a backlog is drained (a
        // 10 ms timer did not fire once while 3,000 such jobs ran, ~5 s). Each round yields first.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // Claim again at once while a group took jobs and still has room, or when a slot came free
        // or a job was enqueued meanwhile; else wait for one of those or the poll.
        this.#signalled = false;
        let again = false;
        for (const group of groups) {
          const free = group.limit - group.running;
          const claimed = free > 0 ? await this.#claim(group.queues, free) : [];
          for (const job of claimed) {
            group.running++;
            this.#track(this.#execute(job).finally(() => void group.running--));
          }
          if (claimed.length > 0 && claimed.length < free) again = true;
        }
        if (!again && !this.#signalled) {
          await new Promise<void>((resolve) => {
            this.#endWait = resolve;
            this.#timer = setTimeout(resolve, options.pollIntervalMs);
          });
          clearTimeout(this.#timer);
          this.#endWait = undefined;
        }
      }
    };
    this.#track(
      loop().catch((error: unknown) => {
        console.error("job worker loop stopped", error);
      }),
    );
  }

  async drain(options: { maxJobs?: number } = {}) {
    let ran = 0;
    const max = options.maxJobs ?? 10_000;
    while (ran < max) {
      const [job] = await this.#claim([...this.#definitions.keys()], 1);
      if (!job) break;
      await this.#execute(job);
      ran++;
    }
    return ran;
  }

  async busy() {
    const queues = [...this.#definitions.keys()];
    if (queues.length === 0) return false;
    // Per queue, through the (queue, state, runAt) index: never a read of the finished week.
    const one = (state: string) =>
      `SELECT 1 FROM "Job" WHERE "queue" = ? AND "state" = '${state}' AND "runAt" <= ?`;
    const stamp = sqliteDateTime(new Date());
    const found = await this.#db.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM (${queues.map(() => `${one("queued")} UNION ALL ${one("running")}`).join(" UNION ALL ")}) LIMIT 1`,
      ...queues.flatMap((queue) => [queue, stamp, queue, stamp]),
    );
    return found.length > 0;
  }

  async stop() {
    this.#stopped = true;
    this.#signal();
    await Promise.allSettled([...this.#running]);
  }

  #signal() {
    this.#signalled = true;
    this.#endWait?.();
  }

  #track(task: Promise<void>) {
    this.#running.add(task);
    void task.finally(() => {
      this.#running.delete(task);
      this.#signal(); // a slot is free
    });
  }

  /**
   * Takes up to `limit` jobs of these queues: due queued jobs, and running jobs whose lease lapsed
   * (their worker died), earliest first. One UPDATE takes them all (SQLite runs one writer at a
   * time, so no other process can take the same rows), then they are read. A job this process is
   * running is never among them: under CPU starvation a renewal can come late, and the lapsed lease
   * of a job that is still running here must not make this same process run it a second time.
   */
  async #claim(queues: string[], limit: number): Promise<JobRow[]> {
    const now = new Date();
    const stamp = sqliteDateTime(now);
    const lockedUntil = sqliteDateTime(new Date(now.getTime() + this.#leaseMs));
    const held = [...this.#held];
    const list = (values: readonly unknown[]) => values.map(() => "?").join(", ");
    // Each queue's due jobs are read in the order of the (queue, state, runAt) index and only as
    // many as can be taken, so a claim costs the same with a backlog of 50,000 jobs as with none
    // (one query with an OR over the queues read and sorted every due job: 23 ms a claim at
    // 50,000). Running jobs are few: all of them are read.
    const due = queues.map(
      () =>
        `SELECT * FROM (SELECT "id", "runAt" FROM "Job" WHERE "queue" = ? AND "state" = 'queued' ` +
        `AND "runAt" <= ? ORDER BY "runAt" LIMIT ?)`,
    );
    const lapsed =
      `SELECT "id", "runAt" FROM "Job" WHERE "queue" IN (${list(queues)}) ` +
      `AND "state" = 'running' AND "lockedUntil" < ?` +
      (held.length ? ` AND "id" NOT IN (${list(held)})` : "");
    const taken = await this.#db.$queryRawUnsafe<unknown[]>(
      `UPDATE "Job" SET "state" = 'running', "lockedBy" = ?, "lockedUntil" = ?, ` +
        `"attempts" = "attempts" + 1, "updatedAt" = ? ` +
        `WHERE "id" IN (SELECT "id" FROM (${[...due, lapsed].join(" UNION ALL ")}) ORDER BY "runAt" LIMIT ?) ` +
        `RETURNING "id"`,
      this.#workerId,
      lockedUntil,
      stamp,
      ...queues.flatMap((queue) => [queue, stamp, limit]),
      ...queues,
      stamp,
      ...held,
      limit,
    );
    const ids = z
      .array(z.object({ id: z.string() }))
      .parse(taken)
      .map((row) => row.id);
    if (ids.length === 0) return [];
    for (const id of ids) this.#held.add(id);
    return this.#db.job.findMany({ where: { id: { in: ids } }, orderBy: { runAt: "asc" } });
  }

  async #execute(job: JobRow) {
    try {
      await this.#executeHeld(job);
    } finally {
      this.#held.delete(job.id);
    }
  }

  async #executeHeld(job: JobRow) {
    const definition = this.#definitions.get(job.queue);
    const mine = { id: job.id, lockedBy: this.#workerId };
    if (!definition) return;
    if (job.attempts > job.maxAttempts) {
      // Claimed again after its worker died on the last attempt: dead.
      await this.#db.job.updateMany({
        where: mine,
        data: { state: "failed", finishedAt: new Date(), lockedBy: null },
      });
      return;
    }
    const renew = setInterval(
      () => {
        void this.#db.job
          .updateMany({ where: mine, data: { lockedUntil: new Date(Date.now() + this.#leaseMs) } })
          .catch(() => undefined);
      },
      Math.max(250, this.#leaseMs / 3),
    );
    try {
      const parsed = definition.payload.safeParse(job.payload);
      if (!parsed.success) throw new InvalidPayload(`${job.queue} payload: ${parsed.error.message}`);
      await definition.run(parsed.data, { jobId: job.id, attempt: job.attempts });
      // Once per job: raw, as the claim is (Prisma's query compiler costs ~1 ms a statement here).
      const finishedAt = sqliteDateTime(new Date());
      await this.#db.$executeRawUnsafe(
        `UPDATE "Job" SET "state" = 'completed', "finishedAt" = ?, "lockedBy" = NULL, "lockedUntil" = NULL, ` +
          `"updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`,
        finishedAt,
        finishedAt,
        mine.id,
        mine.lockedBy,
      );
    } catch (error) {
      const dead = job.attempts >= job.maxAttempts || error instanceof InvalidPayload;
      if (dead)
        console.error(`job ${job.queue} ${job.id} failed for good after ${job.attempts} attempts`, error);
      else
        console.warn(
          `job ${job.queue} ${job.id} attempt ${job.attempts} failed; retrying`,
          errorText(error).split("\n")[0],
        );
      await this.#db.job.updateMany({
        where: mine,
        data: dead
          ? {
              state: "failed",
              lastError: errorText(error),
              finishedAt: new Date(),
              lockedBy: null,
              lockedUntil: null,
            }
          : {
              state: "queued",
              lastError: errorText(error),
              runAt: new Date(Date.now() + retryDelayMs(job.attempts)),
              lockedBy: null,
              lockedUntil: null,
            },
      });
    } finally {
      clearInterval(renew);
    }
  }
}
