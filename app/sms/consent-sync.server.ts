// The code of syncSmsConsentJob: a STOP or START text's consent written back to Shopify. A refusal
// (a customer without a phone in Shopify, a state Shopify does not take) is never dropped: it is
// logged and kept on the reply, where the merchant sees Shopify's words and what to do. Transient
// faults (throttling, 5xx, network) are retried by the job queue.
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { log } from "../lib/log.server";
import { ShopifyAdminError, type ShopifyAdmin } from "../shopify/admin.server";
import { customerGid } from "../shopify/ids";

export async function syncSmsConsent(
  payload: { shop: string; shopifyId: string; state: "SUBSCRIBED" | "UNSUBSCRIBED"; replyId: string },
  admin: ShopifyAdmin,
) {
  try {
    await admin.updateSmsMarketingConsent(payload.shop, customerGid(payload.shopifyId), payload.state);
  } catch (error) {
    if (!(error instanceof ShopifyAdminError) || error.retryable) throw error;
    log.warn("shopify refused the SMS consent", {
      shop: payload.shop,
      shopifyId: payload.shopifyId,
      state: payload.state,
      reason: error.message,
    });
    await db.smsReply.updateMany({
      where: { id: payload.replyId, shop: payload.shop },
      data: { shopifySyncError: error.message },
    });
    return;
  }
  await db.smsReply.updateMany({
    where: { id: payload.replyId, shop: payload.shop },
    data: { shopifySyncedAt: appClock.now(), shopifySyncError: null },
  });
}
