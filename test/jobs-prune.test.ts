// The embedded queue keeps a week of finished jobs, like pg-boss: older completed and failed jobs
// are deleted, nothing that may still run is.
import { beforeEach, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { FINISHED_JOBS_KEPT_MS } from "../app/jobs/queue";
import { SqliteJobQueue } from "../app/jobs/sqlite-queue.server";
import { resetDatabase } from "./helpers/db";

const DAY = 24 * 3600_000;
const queue = new SqliteJobQueue(db, { leaseSeconds: 30 });

beforeEach(async () => {
  await resetDatabase();
});

/** A job row as the queue leaves it, finished (or not) this long ago by the queue's clock. */
async function job(name: string, state: string, finishedAgoMs: number | null) {
  const at = new Date(Date.now() - (finishedAgoMs ?? 0));
  await db.job.create({
    data: {
      id: name,
      queue: "test.record",
      payload: { n: 1 },
      runAt: new Date(Date.now() - 30 * DAY),
      state,
      maxAttempts: 3,
      finishedAt: finishedAgoMs === null ? null : at,
    },
  });
}

describe("pruning finished jobs", () => {
  it("deletes completed and failed jobs finished more than a week ago, and nothing else", async () => {
    await job("completed-long-ago", "completed", FINISHED_JOBS_KEPT_MS + DAY);
    await job("failed-long-ago", "failed", FINISHED_JOBS_KEPT_MS + 1_000);
    await job("completed-yesterday", "completed", DAY);
    await job("failed-yesterday", "failed", DAY);
    await job("queued-for-a-month", "queued", null);
    await job("running", "running", null);

    expect(await queue.prune()).toBe(2);
    const left = await db.job.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    expect(left.map((j) => j.id)).toEqual([
      "completed-yesterday",
      "failed-yesterday",
      "queued-for-a-month",
      "running",
    ]);
    expect(await queue.prune()).toBe(0);
  });

  it("deletes a large backlog in sets until none is left", async () => {
    const finishedAt = new Date(Date.now() - FINISHED_JOBS_KEPT_MS - DAY);
    await db.job.createMany({
      data: Array.from({ length: 2_500 }, (_, i) => ({
        queue: "test.record",
        payload: { n: i },
        runAt: finishedAt,
        state: "completed",
        maxAttempts: 3,
        finishedAt,
      })),
    });
    expect(await queue.prune()).toBe(2_500);
    expect(await db.job.count()).toBe(0);
  });
});
