// What the email module plugs into the shared machinery: event handlers (SendGrid events), job
// queues and periodic tasks. Read by app/intake/handlers.server.ts and app/jobs/definitions.server.ts.
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";
import { sendgridEventHandlers } from "./events/handlers.server";

export const emailEventHandlers: Record<string, EventHandler[]> = { ...sendgridEventHandlers };
// Sending runs in the campaign engine's send job (it calls emailSender); the email module has no
// queue or periodic task of its own.
export const emailJobs: JobDefinition[] = [];
export const emailTasks: PeriodicTask[] = [];
