// Every job queue and periodic task of the app. A worker runs exactly these.
import { dispatchSendJob, sweepTask } from "../campaigns/dispatch.server";
import { refreshSummaryJob, syncTagsJob } from "../campaigns/vip.server";
import { flushCrmWrites, pruneCrmWrites } from "../crm/hubspot/flusher.server";
import { provisionPropertiesJob } from "../crm/hubspot/provisioning-job.server";
import { resolveTierContactJob } from "../crm/hubspot/resolve-contact-job.server";
import db from "../db.server";
import { processEventJob } from "../intake/process.server";
import { appClock } from "../lib/app-clock.server";
import { syncShopJob } from "../shops/sync.server";
import type { PeriodicTask } from "./periodic.server";
import type { JobDefinition } from "./queue";

export function allJobDefinitions(): JobDefinition[] {
  return [
    processEventJob,
    dispatchSendJob,
    refreshSummaryJob,
    syncTagsJob,
    syncShopJob,
    provisionPropertiesJob,
    resolveTierContactJob,
  ];
}

export function allPeriodicTasks(): PeriodicTask[] {
  return [
    sweepTask,
    {
      name: "crm.flush",
      everyMs: 1_000,
      async run() {
        // Write readiness follows the app clock (the time the changes were recorded on).
        await flushCrmWrites(db, { clock: appClock });
      },
    },
    {
      name: "crm.prune",
      everyMs: 60 * 60_000,
      async run() {
        await pruneCrmWrites();
      },
    },
  ];
}
