// The process's job queue, chosen by DATABASE_URL: the Job table on SQLite, pg-boss on PostgreSQL.
// Built on first use (importing a module that enqueues builds nothing) and kept on globalThis, so
// the built app and code loaded beside it in one process (tests) share it, like the Prisma client.
import db, { type Tx } from "../db.server";
import { databaseKind } from "../db/database-url";
import { env } from "../env.server";
import type { JsonObject } from "../lib/json";
import { PgBossJobQueue } from "./pgboss-queue.server";
import type { EnqueueOptions, JobQueue, JobRef } from "./queue";
import { SqliteJobQueue } from "./sqlite-queue.server";

function createJobQueue(): JobQueue {
  return databaseKind(env.DATABASE_URL) === "postgresql"
    ? new PgBossJobQueue(env.DATABASE_URL, { leaseSeconds: env.JOB_LEASE_SECONDS, supervise: true })
    : new SqliteJobQueue(db, { leaseSeconds: env.JOB_LEASE_SECONDS });
}

const globalForJobs = globalThis as unknown as { replyloopJobs?: JobQueue };
const queue = (): JobQueue => (globalForJobs.replyloopJobs ??= createJobQueue());

export const jobQueue: JobQueue = {
  get kind() {
    return queue().kind;
  },
  init: (definitions) => queue().init(definitions),
  enqueue: (tx, job, payload, options) => queue().enqueue(tx, job, payload, options),
  enqueueMany: (session, job, items) => queue().enqueueMany(session, job, items),
  prune: () => queue().prune(),
  purge: (tx, match) => queue().purge(tx, match),
  start: (options) => queue().start(options),
  drain: (options) => queue().drain(options),
  busy: () => queue().busy(),
  // Stopping a queue that was never built has nothing to stop.
  stop: async () => globalForJobs.replyloopJobs?.stop(),
};

export function enqueue<P extends JsonObject>(tx: Tx, job: JobRef<P>, payload: P, options?: EnqueueOptions) {
  return jobQueue.enqueue(tx, job, payload, options);
}
