// Issue 3: durable jobs. Real worker processes (the real queue adapter for this file's database:
// the Job table on SQLite, pg-boss on PostgreSQL) run 1,000 jobs exactly once; a worker killed with
// SIGKILL mid-job loses nothing — the job completes after a restart.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// A short lease (the time after which a job whose worker died runs again), for enqueuer and workers.
vi.hoisted(() => {
  process.env.JOB_LEASE_SECONDS = "2";
});

import db from "../app/db.server";
import { databaseKind } from "../app/db/database-url";
import { jobQueue } from "../app/jobs/jobs.server";
import type { JobDefinition } from "../app/jobs/queue";
import { testJobs } from "./workers/test-jobs";

const root = path.resolve(import.meta.dirname, "..");
const postgres = databaseKind(process.env.DATABASE_URL ?? "") === "postgresql";
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-jobs-"));
const children: ChildProcess[] = [];

// Enqueue-side definitions: the handlers live in the worker processes.
const never = async () => {
  throw new Error("runs in the worker process");
};
const record: JobDefinition<{ n: number }> = { ...testJobs.record, run: never };
const slow: JobDefinition<{ n: number }> = { ...testJobs.slow, run: never };

function startWorker() {
  const child = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/vite-node/vite-node.mjs"),
      "--config",
      "vite-node.config.ts",
      "test/workers/job-worker.ts",
    ],
    {
      cwd: root,
      env: { ...process.env, JOB_LOG_DIR: logDir },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  children.push(child);
  return child;
}

function logLines(): string[] {
  return fs
    .readdirSync(logDir)
    .flatMap((f) => fs.readFileSync(path.join(logDir, f), "utf8").split("\n").filter(Boolean));
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; log:\n${logLines().slice(-20).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  for (const f of fs.readdirSync(logDir)) fs.rmSync(path.join(logDir, f));
});

describe(`durable jobs on ${postgres ? "PostgreSQL (pg-boss, two worker processes)" : "SQLite (one worker process)"}`, () => {
  it("runs 1,000 jobs exactly once each", { timeout: 120_000 }, async () => {
    const workers = postgres ? 2 : 1;
    for (let i = 0; i < workers; i++) startWorker();
    await waitFor(() => logLines().filter((l) => l === "ready").length === workers, 30_000, "workers");

    for (let i = 0; i < 1000; i += 100) {
      await db.$transaction(async (tx) => {
        for (let n = i; n < i + 100; n++) await jobQueue.enqueue(tx, record, { n });
      });
    }
    await waitFor(
      () => logLines().filter((l) => l.startsWith("record ")).length >= 1000,
      90_000,
      "1,000 executions",
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything extra would show up now

    const runs = logLines().filter((l) => l.startsWith("record "));
    const counts = new Map<string, number>();
    for (const line of runs) counts.set(line, (counts.get(line) ?? 0) + 1);
    expect(runs).toHaveLength(1000);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    if (postgres) {
      // Both processes took part.
      const perProcess = fs.readdirSync(logDir).map(
        (f) =>
          fs
            .readFileSync(path.join(logDir, f), "utf8")
            .split("\n")
            .filter((l) => l.startsWith("record ")).length,
      );
      expect(perProcess.filter((c) => c > 0)).toHaveLength(2);
    }
  });

  it(
    "completes a job whose worker was killed with SIGKILL mid-job, after a restart",
    { timeout: 120_000 },
    async () => {
      const first = startWorker();
      await waitFor(() => logLines().includes("ready"), 30_000, "worker");
      await db.$transaction((tx) => jobQueue.enqueue(tx, slow, { n: 7 }));
      await waitFor(() => logLines().includes("start 7 attempt 1"), 30_000, "the job to start");

      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      expect(logLines().some((l) => l.startsWith("done 7"))).toBe(false);

      startWorker();
      await waitFor(
        () => logLines().some((l) => l.startsWith("done 7")),
        60_000,
        "the job to complete after restart",
      );
      expect(logLines().filter((l) => l.startsWith("done 7"))).toEqual(["done 7 attempt 2"]);
    },
  );
});
