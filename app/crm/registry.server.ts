// What the CRM module plugs into the shared machinery: event handlers (HubSpot webhooks), job
// queues and periodic tasks (the write-behind flusher). Read by app/intake/handlers.server.ts and
// app/jobs/definitions.server.ts.
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";

export const crmEventHandlers: Record<string, EventHandler[]> = {};
export const crmJobs: JobDefinition[] = [];
export const crmTasks: PeriodicTask[] = [];
