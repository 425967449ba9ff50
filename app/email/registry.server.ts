// What the email module plugs into the shared machinery: event handlers (SendGrid events), job
// queues and periodic tasks. Read by app/intake/handlers.server.ts and app/jobs/definitions.server.ts.
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";

export const emailEventHandlers: Record<string, EventHandler[]> = {};
export const emailJobs: JobDefinition[] = [];
export const emailTasks: PeriodicTask[] = [];
