// The embedded queue: jobs are rows of the Job table, claimed by a conditional UPDATE (safe even
// with several processes on one file), leased while they run, and claimed again after a crash once
// the lease has lapsed.
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db.server";
import type { InsertSpec, SqlSession } from "../db/session";
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
  #wake: (() => void) | undefined;

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
    this.#wake?.();
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
    if (enqueued) this.#wake?.();
    return enqueued;
  }

  async prune() {
    // The queue's own time, as its stamps (finishedAt, leases) are.
    const before = new Date(Date.now() - FINISHED_JOBS_KEPT_MS);
    let deleted = 0;
    // In sets, each a short write of its own: SQLite's one writer is not held for long.
    for (;;) {
      const finished = await this.#db.job.findMany({
        where: { state: { in: ["completed", "failed"] }, finishedAt: { lt: before } },
        select: { id: true },
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
        // Claim again at once while a group took jobs and still has room; else wait for a free slot,
        // an enqueue or the poll.
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
        if (!again) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            this.#timer = setTimeout(resolve, options.pollIntervalMs);
          });
          clearTimeout(this.#timer);
          this.#wake = undefined;
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

  async stop() {
    this.#stopped = true;
    this.#wake?.();
    await Promise.allSettled([...this.#running]);
  }

  #track(task: Promise<void>) {
    this.#running.add(task);
    void task.finally(() => {
      this.#running.delete(task);
      this.#wake?.(); // a slot is free
    });
  }

  /**
   * Due queued jobs, and running jobs whose lease lapsed (their worker died). A job this process is
   * running is never among them: under CPU starvation a renewal can come late, and the lapsed lease
   * of a job that is still running here must not make this same process run it a second time.
   */
  async #claim(queues: string[], limit: number): Promise<JobRow[]> {
    const now = new Date();
    const candidates = await this.#db.job.findMany({
      where: {
        queue: { in: queues },
        id: { notIn: [...this.#held] },
        OR: [
          { state: "queued", runAt: { lte: now } },
          { state: "running", lockedUntil: { lt: now } },
        ],
      },
      orderBy: { runAt: "asc" },
      take: limit * 2,
    });
    const claimed: JobRow[] = [];
    for (const job of candidates) {
      if (claimed.length >= limit) break;
      // The lease starts when it is taken, not when the candidates were read.
      const lockedUntil = new Date(Date.now() + this.#leaseMs);
      // Conditional on the state we read: only one claimer wins.
      const { count } = await this.#db.job.updateMany({
        where: { id: job.id, state: job.state, lockedUntil: job.lockedUntil, attempts: job.attempts },
        data: { state: "running", lockedBy: this.#workerId, lockedUntil, attempts: { increment: 1 } },
      });
      if (count === 1) {
        this.#held.add(job.id);
        claimed.push({
          ...job,
          state: "running",
          lockedBy: this.#workerId,
          lockedUntil,
          attempts: job.attempts + 1,
        });
      }
    }
    return claimed;
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
      await this.#db.job.updateMany({
        where: mine,
        data: { state: "completed", finishedAt: new Date(), lockedBy: null, lockedUntil: null },
      });
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
