// What the campaign engine plugs into the shared machinery: event handlers (store events that
// start, update or end journeys), job queues and periodic tasks (the due-send sweeper).
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";

export const campaignEventHandlers: Record<string, EventHandler[]> = {};
export const campaignJobs: JobDefinition[] = [];
export const campaignTasks: PeriodicTask[] = [];
