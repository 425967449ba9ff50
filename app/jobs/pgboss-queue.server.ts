// PostgreSQL: pg-boss. Jobs are enqueued through the caller's transaction (a Prisma transaction, or
// the direct driver's: any SqlSession), so an event row and its processing job commit together.
// pg-boss fetches with SKIP LOCKED, so any number of worker processes share the work and no job runs
// twice at once. The lease is a heartbeat: a running job's worker refreshes it every half lease, and
// a job whose heartbeat stops (its worker died) is retried once the lease has passed — however long a
// live job runs (up to RUN_LIMIT_SECONDS). Idempotency keys become deterministic job ids.
import { createHash } from "node:crypto";
import { PgBoss, fromPrisma, type Db as BossDb, type JobWithMetadata } from "pg-boss";
import type { Tx } from "../db.server";
import type { SqlSession } from "../db/session";
import { isDatabaseUnavailable } from "../db/unavailable";
import { log } from "../lib/log.server";
import type { JsonObject } from "../lib/json";
import {
  RETRY_BASE_SECONDS,
  RETRY_MAX_SECONDS,
  errorText,
  type EnqueueOptions,
  type JobDefinition,
  type JobItem,
  type JobQueue,
  type JobRef,
} from "./queue";

/** pg-boss refuses heartbeats under 10 s: the shortest lease on PostgreSQL. */
export const MIN_HEARTBEAT_SECONDS = 10;
/** A job still running (heartbeat and all) after this long is failed and retried: the run limit. */
export const RUN_LIMIT_SECONDS = 15 * 60;

/** pg-boss's executor over a SqlSession: its statements join the caller's transaction. */
const bossDb = (session: SqlSession): BossDb => ({
  executeSql: async (text, values) => ({ rows: await session.query(text, values ?? []) }),
});

/** A UUID derived from the key (name-based, SHA-1, like RFC 4122 v5). */
export function uuidFromKey(key: string): string {
  const hash = createHash("sha1").update(`replyloop:${key}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export class PgBossJobQueue implements JobQueue {
  readonly kind = "pg-boss" as const;
  readonly #boss: PgBoss;
  readonly #heartbeatSeconds: number;
  #definitions = new Map<string, JobDefinition>();
  #started: Promise<unknown> | undefined;
  #queues = new Map<string, Promise<void>>();

  constructor(connectionString: string, options: { leaseSeconds: number; supervise: boolean }) {
    this.#heartbeatSeconds = Math.max(MIN_HEARTBEAT_SECONDS, options.leaseSeconds);
    // Abandoned jobs (heartbeat lost) are found by the supervisor: run it about once per lease.
    const sweepSeconds = Math.min(60, Math.max(1, options.leaseSeconds));
    this.#boss = new PgBoss({
      connectionString,
      schema: "pgboss",
      max: 5,
      supervise: options.supervise,
      superviseIntervalSeconds: sweepSeconds,
      monitorIntervalSeconds: sweepSeconds,
      schedule: false,
      useListenNotify: true,
    });
    // A database restart drops pg-boss's connections too: a warning (it reconnects), not an error.
    this.#boss.on("error", (error: unknown) => {
      if (isDatabaseUnavailable(error)) log.warn("pg-boss: database unavailable", { error: String(error) });
      else console.error("pg-boss", error);
    });
  }

  async init(definitions: readonly JobDefinition[]) {
    this.#definitions = new Map(definitions.map((d) => [d.queue, d]));
    for (const definition of definitions) await this.#ensureQueue(definition);
  }

  /** pg-boss needs its schema and each queue created before the first send; once per process. */
  #ensureQueue(definition: JobRef): Promise<void> {
    let ready = this.#queues.get(definition.queue);
    if (!ready) {
      ready = (async () => {
        this.#started ??= this.#boss.start();
        await this.#started;
        const options = {
          retryLimit: definition.maxAttempts - 1,
          retryDelay: RETRY_BASE_SECONDS,
          retryBackoff: true,
          retryDelayMax: RETRY_MAX_SECONDS,
          // The lease: refreshed by the worker while the job runs (every half lease), so a job that
          // runs long under CPU pressure keeps it; a dead worker's jobs come back after it.
          heartbeatSeconds: this.#heartbeatSeconds,
          expireInSeconds: Math.max(RUN_LIMIT_SECONDS, this.#heartbeatSeconds),
          // Workers wake on insert instead of waiting out their polling interval.
          notify: true,
        };
        if (await this.#boss.getQueue(definition.queue))
          await this.#boss.updateQueue(definition.queue, options);
        else await this.#boss.createQueue(definition.queue, options);
      })();
      ready.catch(() => this.#queues.delete(definition.queue));
      this.#queues.set(definition.queue, ready);
    }
    return ready;
  }

  async enqueue<P extends JsonObject>(tx: Tx, job: JobRef<P>, payload: P, options: EnqueueOptions = {}) {
    await this.#ensureQueue(job);
    return this.#boss.send(job.queue, payload, {
      db: fromPrisma(tx),
      ...(options.idempotencyKey ? { id: uuidFromKey(`${job.queue}:${options.idempotencyKey}`) } : {}),
      ...(options.runAt ? { startAfter: options.runAt } : {}),
    });
  }

  async enqueueMany<P extends JsonObject>(session: SqlSession, job: JobRef<P>, items: JobItem<P>[]) {
    if (items.length === 0) return 0;
    await this.#ensureQueue(job);
    // Keys become ids; pg-boss's insert skips an id that exists (ON CONFLICT DO NOTHING) but refuses
    // one given twice in a batch, so a repeated key is dropped here.
    const seen = new Set<string>();
    const jobs = items.flatMap((item) => {
      if (!item.idempotencyKey) return [{ data: item.payload }];
      const id = uuidFromKey(`${job.queue}:${item.idempotencyKey}`);
      if (seen.has(id)) return [];
      seen.add(id);
      return [{ id, data: item.payload }];
    });
    const ids = await this.#boss.insert(job.queue, jobs, { db: bossDb(session), returnId: true });
    return ids?.length ?? 0;
  }

  /** pg-boss deletes finished jobs itself (its maintenance, after the queue's deletion_seconds). */
  async prune() {
    return 0;
  }

  async purge(tx: Tx, match: { shop: string; shopifyId?: string }) {
    const db = fromPrisma(tx);
    let deleted = 0;
    for (const queue of this.#definitions.keys()) {
      await this.#ensureQueue(this.#definitions.get(queue)!);
      const jobs = await this.#boss.findJobs(queue, { data: match, db, limit: 100_000 });
      if (jobs.length === 0) continue;
      await this.#boss.deleteJob(
        queue,
        jobs.map((j) => j.id),
        { db },
      );
      deleted += jobs.length;
    }
    return deleted;
  }

  async start(options: { concurrency: number; pollIntervalMs: number }) {
    for (const definition of this.#definitions.values()) {
      // Fetch up to `concurrency` jobs at once and run them side by side, each settled on its own;
      // a full batch means more are waiting, so fetch again at once instead of waiting a poll. A
      // queue with a concurrency of its own gets that many slots (rounded up to whole batches), as
      // several such fetchers (pg-boss's local workers): one slow job then holds up only its own
      // batch, not all of them.
      const batchSize = Math.min(options.concurrency, definition.concurrency ?? options.concurrency);
      await this.#boss.work(
        definition.queue,
        {
          includeMetadata: true,
          batchSize,
          localConcurrency: Math.ceil((definition.concurrency ?? batchSize) / batchSize),
          burstWhenBatchFull: true,
          perJobResults: true,
          pollingIntervalSeconds: Math.max(0.5, options.pollIntervalMs / 1000),
        },
        (jobs: JobWithMetadata<object>[]) =>
          Promise.all(
            jobs.map(async (job) => {
              try {
                await this.#run(definition, job);
                return { id: job.id, status: "completed" as const };
              } catch (error) {
                return { id: job.id, status: "failed" as const, output: { message: errorText(error) } };
              }
            }),
          ),
      );
    }
  }

  async drain(options: { maxJobs?: number } = {}) {
    let ran = 0;
    const max = options.maxJobs ?? 10_000;
    let progressed = true;
    while (progressed && ran < max) {
      progressed = false;
      for (const definition of this.#definitions.values()) {
        const [job] = await this.#boss.fetch<object>(definition.queue, {
          batchSize: 1,
          includeMetadata: true,
        });
        if (!job) continue;
        progressed = true;
        ran++;
        // What work() does for its jobs: keep the lease while the job runs.
        const heartbeat = setInterval(
          () => void this.#boss.touch(definition.queue, job.id).catch(() => undefined),
          (this.#heartbeatSeconds * 1000) / 2,
        );
        try {
          await this.#run(definition, job);
          await this.#boss.complete(definition.queue, job.id);
        } catch (error) {
          await this.#boss.fail(definition.queue, job.id, { message: errorText(error) });
        } finally {
          clearInterval(heartbeat);
        }
      }
    }
    return ran;
  }

  async busy() {
    const queues = [...this.#definitions.keys()];
    if (queues.length === 0) return false;
    await Promise.all([...this.#definitions.values()].map((d) => this.#ensureQueue(d)));
    // pg-boss's own notion of now (job_now(), what its fetch compares start_after with).
    const { rows } = await this.#boss
      .getDb()
      .executeSql(
        `SELECT 1 FROM pgboss.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active') ` +
          `AND start_after <= pgboss.job_now() LIMIT 1`,
        [queues],
      );
    return rows.length > 0;
  }

  /** Runs one job; a throw makes pg-boss retry it (with backoff) until its attempts are spent. */
  async #run(definition: JobDefinition, job: JobWithMetadata<object>) {
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      // Will never parse: completing it is the only way to stop retries.
      console.error(`job ${definition.queue} ${job.id}: invalid payload, dropped`, parsed.error.message);
      return;
    }
    const attempt = job.retryCount + 1;
    try {
      await definition.run(parsed.data, { jobId: job.id, attempt });
    } catch (error) {
      if (attempt >= definition.maxAttempts)
        console.error(`job ${definition.queue} ${job.id} failed for good after ${attempt} attempts`, error);
      else
        console.warn(
          `job ${definition.queue} ${job.id} attempt ${attempt} failed; retrying`,
          errorText(error).split("\n")[0],
        );
      throw error;
    }
  }

  async stop() {
    await this.#boss.stop({ graceful: true, timeout: 10_000 });
  }
}
