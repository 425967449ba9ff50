// A worker process for the job-queue tests, run with vite-node: the real queue adapter for
// DATABASE_URL, with two test queues that log every execution to JOB_LOG_DIR/<pid>.log.
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../../app/db.server";
import { databaseKind } from "../../app/db/database-url";
import { PgBossJobQueue } from "../../app/jobs/pgboss-queue.server";
import type { JobDefinition, JobQueue } from "../../app/jobs/queue";
import { SqliteJobQueue } from "../../app/jobs/sqlite-queue.server";
import { testJobs } from "./test-jobs";

const url = process.env.DATABASE_URL ?? "";
const logDir = process.env.JOB_LOG_DIR ?? "";
const lease = Number(process.env.JOB_LEASE_SECONDS ?? "2");
const log = (line: string) => fs.appendFileSync(path.join(logDir, `${process.pid}.log`), `${line}\n`);

const record: JobDefinition<{ n: number }> = {
  ...testJobs.record,
  async run({ n }) {
    log(`record ${n}`);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
  },
};
const slow: JobDefinition<{ n: number }> = {
  ...testJobs.slow,
  async run({ n }, { attempt }) {
    log(`start ${n} attempt ${attempt}`);
    // The first attempt hangs until the test kills this process; a retry finishes at once.
    if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 120_000));
    log(`done ${n} attempt ${attempt}`);
  },
};

const queue: JobQueue =
  databaseKind(url) === "postgresql"
    ? new PgBossJobQueue(url, { leaseSeconds: lease, supervise: true })
    : new SqliteJobQueue(createDb(url), { leaseSeconds: lease });
await queue.init([record, slow]);
await queue.start({ concurrency: 4, pollIntervalMs: 200 });
log("ready");
