// What the CRM module plugs into the shared machinery: event handlers (HubSpot webhooks), job
// queues and periodic tasks (the write-behind flusher). Read by app/intake/handlers.server.ts and
// app/jobs/definitions.server.ts.
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { flushCrmWrites, pruneCrmWrites } from "./hubspot/flusher.server";
import { provisionPropertiesJob } from "./hubspot/provisioning-job.server";
import { resolveTierContactJob } from "./hubspot/resolve-contact-job.server";
import { handleHubSpotEvent } from "./hubspot/webhook-handlers.server";

export const crmEventHandlers: Record<string, EventHandler[]> = {
  "hubspot:contact.propertyChange": [handleHubSpotEvent],
  "hubspot:contact.deletion": [handleHubSpotEvent],
  "hubspot:contact.privacyDeletion": [handleHubSpotEvent],
};

export const crmJobs: JobDefinition[] = [provisionPropertiesJob, resolveTierContactJob];

export const crmTasks: PeriodicTask[] = [
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
