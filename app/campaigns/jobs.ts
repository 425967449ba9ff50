// Job references of the campaign engine: what campaigns (and CRM handlers) enqueue. Each is bound
// to the code that runs it in the composition root (app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../jobs/queue";

/** Sends one due ScheduledSend, or cancels or postpones it (dispatch.server.ts). */
export const dispatchSendJob = jobRef("campaigns.dispatch-send", z.object({ sendId: z.string() }));

/** Reads a customer's email, consent and purchasing summary from the Admin API, then the VIP tier (vip.server.ts). */
export const refreshSummaryJob = jobRef(
  "vip.refresh-summary",
  z.object({ shop: z.string(), shopifyId: z.string() }),
);

/** Brings the customer's VIP tags in Shopify in line with the tier (vip.server.ts). */
export const syncTagsJob = jobRef(
  "vip.sync-tags",
  z.object({ shop: z.string(), shopifyId: z.string(), tier: z.enum(["none", "silver", "gold"]) }),
);
