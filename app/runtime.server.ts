// What a process runs besides request handling: database tuning and, where configured, the job
// worker and its periodic sweeps. Reached by server.ts through the built bundle (entry.server.tsx).
import db, { tuneDb } from "./db.server";
import { env } from "./env.server";
import { allJobDefinitions, allPeriodicTasks } from "./jobs/definitions.server";
import { jobQueue } from "./jobs/jobs.server";
import { startPeriodicTasks } from "./jobs/periodic.server";
import { log } from "./lib/log.server";
import { startSandboxMode } from "./sandbox/sandbox.server";

export function serverConfig() {
  return { host: env.HOST, port: env.PORT, jobsInProcess: env.JOBS_IN_PROCESS };
}

export async function startBackground(options: { worker: boolean }) {
  await tuneDb(db, env.DATABASE_URL);
  await jobQueue.init(allJobDefinitions());
  if (env.REPLYLOOP_SANDBOX) await startSandboxMode();
  let stopTasks = async () => {};
  if (options.worker) {
    await jobQueue.start({ concurrency: env.JOB_CONCURRENCY, pollIntervalMs: env.JOB_POLL_INTERVAL_MS });
    stopTasks = startPeriodicTasks(allPeriodicTasks());
    log.info("job worker started", { queue: jobQueue.kind, concurrency: env.JOB_CONCURRENCY });
  }
  return {
    async stop() {
      await stopTasks();
      await jobQueue.stop();
      await db.$disconnect();
    },
  };
}
