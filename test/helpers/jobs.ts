import db from "../../app/db.server";
import { jobs } from "../../app/server/composition.server";
import { jobQueue } from "../../app/jobs/jobs.server";

/** Runs every due job (including jobs those jobs enqueue) until the queue is idle; returns how many ran. */
export async function runJobs() {
  await jobQueue.init(jobs);
  return jobQueue.drain();
}

export type StoredJob = { runAt: Date; payload: unknown; waiting: boolean };

/**
 * The jobs of `queue` as the queue stores them, whichever queue it is: the Job table on SQLite,
 * pg-boss's own table on PostgreSQL. `waiting`: not yet run (or to be retried).
 */
export async function storedJobs(queue: string): Promise<StoredJob[]> {
  if (jobQueue.kind === "sqlite") {
    const rows = await db.job.findMany({
      where: { queue },
      select: { runAt: true, payload: true, state: true },
    });
    return rows.map((r) => ({ runAt: r.runAt, payload: r.payload, waiting: r.state === "queued" }));
  }
  const rows = await db.$queryRaw<{ runAt: Date; payload: unknown; state: string }[]>`
    SELECT start_after AS "runAt", data AS payload, state::text AS state FROM pgboss.job WHERE name = ${queue}`;
  return rows.map((r) => ({
    runAt: r.runAt,
    payload: r.payload,
    waiting: r.state === "created" || r.state === "retry",
  }));
}
