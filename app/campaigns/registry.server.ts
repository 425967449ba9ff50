// What the campaign engine plugs into the shared machinery: event handlers (store events that
// start, update or end journeys), job queues and periodic tasks (the due-send sweeper).
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";
import { syncShopJob } from "../shops/sync.server";
import { dispatchSendJob, sweepTask } from "./dispatch.server";
import { triggerHandlers } from "./triggers.server";
import { refreshSummaryJob, syncTagsJob, vipHandlers } from "./vip.server";

function merge(...tables: Record<string, EventHandler[]>[]): Record<string, EventHandler[]> {
  const merged: Record<string, EventHandler[]> = {};
  for (const table of tables)
    for (const [key, handlers] of Object.entries(table)) (merged[key] ??= []).push(...handlers);
  return merged;
}

export const campaignEventHandlers: Record<string, EventHandler[]> = merge(triggerHandlers, vipHandlers);
export const campaignJobs: JobDefinition[] = [dispatchSendJob, refreshSummaryJob, syncTagsJob, syncShopJob];
export const campaignTasks: PeriodicTask[] = [sweepTask];
