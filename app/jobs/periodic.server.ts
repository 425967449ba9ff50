// Recurring work a worker does besides queued jobs: sweeping due scheduled sends into jobs,
// flushing the CRM write queue. Every worker process runs them; each task claims its rows
// atomically, so several workers never do the same work twice.
import { log } from "../lib/log.server";

export type PeriodicTask = {
  name: string;
  everyMs: number;
  run(): Promise<void>;
};

/** Runs each task every `everyMs` (never two runs of one task at once) until stopped. */
export function startPeriodicTasks(tasks: readonly PeriodicTask[]) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const task of tasks) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const run = task
        .run()
        .catch((error: unknown) => log.warn(`periodic task ${task.name} failed`, { error: String(error) }))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, task.everyMs));
    tick();
  }
  return async () => {
    stopped = true;
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled([...running]);
  };
}
