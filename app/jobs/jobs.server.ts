// The process's job queue, chosen by DATABASE_URL: the Job table on SQLite, pg-boss on PostgreSQL.
import db, { type Tx } from "../db.server";
import { databaseKind } from "../db/database-url";
import { env } from "../env.server";
import type { JsonObject } from "../lib/json";
import { PgBossJobQueue } from "./pgboss-queue.server";
import type { EnqueueOptions, JobDefinition, JobQueue } from "./queue";
import { SqliteJobQueue } from "./sqlite-queue.server";

function createJobQueue(): JobQueue {
  return databaseKind(env.DATABASE_URL) === "postgresql"
    ? new PgBossJobQueue(env.DATABASE_URL, { leaseSeconds: env.JOB_LEASE_SECONDS, supervise: true })
    : new SqliteJobQueue(db, { leaseSeconds: env.JOB_LEASE_SECONDS });
}

const globalForJobs = globalThis as unknown as { replyloopJobs?: JobQueue };
export const jobQueue: JobQueue =
  globalForJobs.replyloopJobs ?? (globalForJobs.replyloopJobs = createJobQueue());

export function enqueue<P extends JsonObject>(
  tx: Tx,
  definition: JobDefinition<P>,
  payload: P,
  options?: EnqueueOptions,
) {
  return jobQueue.enqueue(tx, definition, payload, options);
}

export function cancelJobs(tx: Tx, definition: JobDefinition, cancelKey: string) {
  return jobQueue.cancel(tx, definition, cancelKey);
}
