// Durable jobs: the interface the rest of the app sees. Two adapters implement it — an in-process
// poller on the Job table (SQLite, the embedded default) and pg-boss (PostgreSQL, any number of
// worker processes). Handlers are idempotent: delivery is at-least-once.
//
// A job's identity is separate from its code: a JobRef (queue name, payload schema, attempts) lives
// in a leaf module next to the domain that enqueues it (e.g. app/campaigns/jobs.ts); the one
// composition root (app/server/composition.server.ts) binds each reference to the function that
// runs it, and a worker runs exactly those bindings.
import type { z } from "zod";
import type { Tx } from "../db.server";
import type { SqlSession } from "../db/session";
import { backoffMs } from "../lib/backoff";
import type { JsonObject } from "../lib/json";

export type JobContext = { jobId: string; attempt: number };

/** What enqueuing needs to know about a job. */
export type JobRef<P extends JsonObject = JsonObject> = {
  /** Queue name: `<domain>.<verb>`, stable (stored with every job). */
  queue: string;
  /**
   * Payloads come back from the database: validated before the handler sees them. Ids only, never
   * personal data; a payload about a shop names it as `shop`, about a customer as `shopifyId`, so
   * redaction can find it (JobQueue.purge).
   */
  payload: z.ZodType<P>;
  /** Attempts before the job is marked dead (failed). */
  maxAttempts: number;
};

/** A reference bound to the code that runs it. */
export type JobDefinition<P extends JsonObject = JsonObject> = JobRef<P> & {
  run(payload: P, context: JobContext): Promise<void>;
  /**
   * Jobs of this queue a worker runs at once, apart from the shared `concurrency` of `start`: for
   * a queue whose jobs mostly wait on a provider (a send waits on SendGrid's Mail Send), so that
   * its waits overlap instead of taking the slots of every other queue. Unset: the shared slots.
   */
  concurrency?: number;
};

export const DEFAULT_MAX_ATTEMPTS = 8;

export function jobRef<P extends JsonObject>(
  queue: string,
  payload: z.ZodType<P>,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): JobRef<P> {
  return { queue, payload, maxAttempts };
}

export function bindJob<P extends JsonObject>(
  ref: JobRef<P>,
  run: (payload: P, context: JobContext) => Promise<void>,
  options: { concurrency?: number } = {},
): JobDefinition<P> {
  return { ...ref, run, ...(options.concurrency ? { concurrency: options.concurrency } : {}) };
}

export type EnqueueOptions = {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** A second enqueue with the same key is a no-op (returns null). */
  idempotencyKey?: string;
};

/** One job of an enqueueMany: its payload and, optionally, the key that makes enqueuing it idempotent. */
export type JobItem<P extends JsonObject = JsonObject> = { payload: P; idempotencyKey?: string };

export interface JobQueue {
  readonly kind: "sqlite" | "pg-boss";
  /** Prepares storage (pg-boss schema and queues) and learns the code of each queue. Idempotent. */
  init(definitions: readonly JobDefinition[]): Promise<void>;
  /** Enqueues inside the caller's transaction: the job exists if and only if the transaction commits. */
  enqueue<P extends JsonObject>(
    tx: Tx,
    job: JobRef<P>,
    payload: P,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /**
   * Enqueues one job per item, to run now, in the caller's transaction — a SqlSession: a Prisma
   * transaction (`prismaSession`) or the direct driver's (the event log's group commit). Set-sized:
   * a statement per few hundred jobs, not one per job. An item whose idempotency key was enqueued
   * before (or earlier in the same call) is skipped. Returns how many were enqueued.
   */
  enqueueMany<P extends JsonObject>(
    session: SqlSession,
    job: JobRef<P>,
    items: JobItem<P>[],
  ): Promise<number>;
  /**
   * Deletes jobs that finished (completed, or failed for good) more than FINISHED_JOBS_KEPT_MS ago,
   * so the queue's storage stays the size of a week's work. pg-boss does this itself (its own
   * maintenance, 7 days by default): there it deletes nothing. Returns how many were deleted.
   */
  prune(): Promise<number>;
  /** Deletes every job, in any state, whose payload names this shop (and this customer): redaction. */
  purge(tx: Tx, match: { shop: string; shopifyId?: string }): Promise<number>;
  /**
   * Starts processing in the background, `concurrency` jobs at a time (the embedded queue: over all
   * the queues together; pg-boss: per queue), and for a queue with a concurrency of its own
   * (JobDefinition.concurrency) that many, besides.
   */
  start(options: { concurrency: number; pollIntervalMs: number }): Promise<void>;
  /** Runs every job that is due now, one at a time, until none is left (tests, CLI). Returns how many ran. */
  drain(options?: { maxJobs?: number }): Promise<number>;
  /**
   * Whether a job is due now and not finished: waiting for a slot, or running (in any process). A
   * job waiting for a retry later is not. The sandbox lets work settle before it moves its clock.
   */
  busy(): Promise<boolean>;
  stop(): Promise<void>;
}

/** How long a finished job is kept (pg-boss's default `deleteAfterSeconds`). */
export const FINISHED_JOBS_KEPT_MS = 7 * 24 * 3600_000;

export const RETRY_BASE_SECONDS = 2;
export const RETRY_MAX_SECONDS = 3600;

/** Exponential backoff with jitter: ~2 s, 4 s, 8 s … capped at an hour. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  return backoffMs(attempt, {
    baseMs: RETRY_BASE_SECONDS * 1000,
    maxMs: RETRY_MAX_SECONDS * 1000,
    jitter: 0.25,
    random,
  });
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(0, 2000);
}
