// PostgreSQL: pg-boss. Jobs are enqueued through the caller's Prisma transaction (fromPrisma), so
// an event row and its processing job commit together. pg-boss fetches with SKIP LOCKED, so any
// number of worker processes share the work and no job runs twice at once; a job whose worker died
// is retried once its expiry (the lease) has passed. Idempotency keys become deterministic job ids.
import { createHash } from "node:crypto";
import { PgBoss, fromPrisma, type JobWithMetadata } from "pg-boss";
import type { Tx } from "../db.server";
import type { JsonObject } from "../lib/json";
import {
  RETRY_BASE_SECONDS,
  RETRY_MAX_SECONDS,
  errorText,
  type EnqueueOptions,
  type JobDefinition,
  type JobQueue,
  type JobRef,
} from "./queue";

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
  readonly #leaseSeconds: number;
  #definitions = new Map<string, JobDefinition>();
  #started: Promise<unknown> | undefined;
  #queues = new Map<string, Promise<void>>();

  constructor(connectionString: string, options: { leaseSeconds: number; supervise: boolean }) {
    this.#leaseSeconds = options.leaseSeconds;
    // Expired (abandoned) jobs are found by the monitor pass: run it about once per lease.
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
    this.#boss.on("error", (error: unknown) => console.error("pg-boss", error));
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
          expireInSeconds: this.#leaseSeconds,
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

  async enqueueMany<P extends JsonObject>(tx: Tx, job: JobRef<P>, payloads: P[]) {
    if (payloads.length === 0) return 0;
    await this.#ensureQueue(job);
    await this.#boss.insert(
      job.queue,
      payloads.map((data) => ({ data })),
      { db: fromPrisma(tx) },
    );
    return payloads.length;
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
      // a full batch means more are waiting, so fetch again at once instead of waiting a poll.
      await this.#boss.work(
        definition.queue,
        {
          includeMetadata: true,
          batchSize: options.concurrency,
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
        try {
          await this.#run(definition, job);
          await this.#boss.complete(definition.queue, job.id);
        } catch (error) {
          await this.#boss.fail(definition.queue, job.id, { message: errorText(error) });
        }
      }
    }
    return ran;
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
