// Job references of the SMS module (bound to their code in app/server/composition.server.ts).
import { z } from "zod";
import { jobRef } from "../jobs/queue";

/**
 * Writes a customer's SMS consent, changed by a STOP or START text, back to Shopify with
 * customerSmsMarketingConsentUpdate (consent-sync.server.ts). `replyId`: the text that changed it.
 */
export const syncSmsConsentJob = jobRef(
  "sms.sync-consent",
  z.object({
    shop: z.string(),
    shopifyId: z.string(),
    state: z.enum(["SUBSCRIBED", "UNSUBSCRIBED"]),
    replyId: z.string(),
  }),
);
