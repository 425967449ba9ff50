// What the campaign engine plugs into the shared machinery: event handlers (store events that
// start, update or end journeys), job queues and periodic tasks (the due-send sweeper).
import type { EventHandler } from "../intake/handlers.server";
import type { PeriodicTask } from "../jobs/periodic.server";
import type { JobDefinition } from "../jobs/queue";
import { syncShopJob } from "../shops/sync.server";
import { dispatchSendJob, sweepTask } from "./dispatch.server";
import { onConsentChanged, onShopUninstalled, onStoreEvent } from "./store-events.server";
import {
  onOrderPaidForVip,
  onPurchasingSummary,
  onTagsChanged,
  refreshSummaryJob,
  syncTagsJob,
} from "./vip.server";

/** In order: a topic's handlers run one after the other in the event's transaction. */
export const campaignEventHandlers: Record<string, EventHandler[]> = {
  "shopify:checkouts/create": [onStoreEvent],
  "shopify:checkouts/update": [onStoreEvent],
  "shopify:orders/create": [onStoreEvent],
  "shopify:orders/paid": [onStoreEvent, onOrderPaidForVip],
  "shopify:orders/fulfilled": [onStoreEvent],
  // After intake's customer mirror took the new consent state (intake's handlers run first).
  "shopify:customers_email_marketing_consent/update": [onConsentChanged],
  "shopify:customers/update": [onConsentChanged],
  "shopify:app/uninstalled": [onShopUninstalled],
  "shopify:customers/purchasing_summary": [onPurchasingSummary],
  "shopify:customer.tags_added": [onTagsChanged],
  "shopify:customer.tags_removed": [onTagsChanged],
};
export const campaignJobs: JobDefinition[] = [dispatchSendJob, refreshSummaryJob, syncTagsJob, syncShopJob];
export const campaignTasks: PeriodicTask[] = [sweepTask];
