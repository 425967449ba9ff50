// SMS consent changed by the customer's own text: STOP (and Twilio's other opt-out words) or START,
// honoured at once — the customer mirror of every customer with that phone says so (no further text
// goes: each SMS step checks it right before sending), their running journeys re-check consent, and
// a job writes the change back to Shopify (customerSmsMarketingConsentUpdate). Email consent is
// not touched: the two are separate.
import { reactToConsent } from "../campaigns/store-events.server";
import { upsertCustomer } from "../customers/customers.server";
import type { Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import { syncSmsConsentJob } from "./jobs";

export type SmsConsentState = "SUBSCRIBED" | "UNSUBSCRIBED";

/** Returns how many customers of the shop have this phone (and had their consent changed). */
export async function applySmsConsent(
  tx: Tx,
  input: { shop: string; phone: string; state: SmsConsentState; at: Date; replyId: string },
) {
  const customers = await tx.customer.findMany({
    where: { shop: input.shop, phone: input.phone },
    select: { shopifyId: true, email: true },
  });
  for (const customer of customers) {
    await upsertCustomer(tx, input.shop, customer.shopifyId, {
      smsMarketingState: input.state,
      smsConsentUpdatedAt: input.at,
    });
    await enqueue(
      tx,
      syncSmsConsentJob,
      { shop: input.shop, shopifyId: customer.shopifyId, state: input.state, replyId: input.replyId },
      { idempotencyKey: `sms-consent:${input.replyId}:${customer.shopifyId}` },
    );
    await reactToConsent(tx, input.shop, { customerId: customer.shopifyId, email: customer.email }, input.at);
  }
  return customers.length;
}
