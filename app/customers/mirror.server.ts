// The customer mirror follows Shopify's customer webhooks: identity and names, email marketing
// consent, the purchasing summary (and the last order it names) and tags (API 2026-07 sends each in
// its own topic). Orders reaching Replyloop move the last order too (campaigns/store-events). Event
// handlers, named by the routing table (app/events/routes.server.ts).
import { typedHandler } from "../events/event";
import { appClock } from "../lib/app-clock.server";
import { toMinorUnits } from "../lib/money";
import { numericId } from "../shopify/ids";
import {
  consentSchema,
  customerSchema,
  customerTagsSchema,
  purchasingSummarySchema,
  smsConsentSchema,
} from "../shopify/payloads";
import { recordLastOrder, upsertCustomer } from "./customers.server";

/** customers/create|update. */
export const mirrorCustomer = typedHandler(customerSchema, async (tx, p, event) => {
  await upsertCustomer(tx, event.shop, p.id, {
    email: p.email,
    firstName: p.first_name,
    lastName: p.last_name,
    ...(p.phone !== undefined ? { phone: p.phone } : {}),
    // Pre-2025-01 payloads still carry consent; newer ones leave it to the consent topic.
    ...(p.email_marketing_consent ? { marketingState: p.email_marketing_consent.state } : {}),
  });
});

/** customers_email_marketing_consent/update. */
export const mirrorConsent = typedHandler(consentSchema, async (tx, p, event) => {
  const consent = p.email_marketing_consent;
  await upsertCustomer(tx, event.shop, p.customer_id, {
    ...(p.email_address ? { email: p.email_address } : {}),
    marketingState: consent.state,
    consentUpdatedAt: consent.consent_updated_at
      ? new Date(consent.consent_updated_at)
      : (event.triggeredAt ?? event.receivedAt),
  });
});

/**
 * customers_marketing_consent/update: SMS consent and the phone it is for. A report older than what
 * the mirror holds (a STOP text we recorded after the change it reports) changes nothing.
 */
export const mirrorSmsConsent = typedHandler(smsConsentSchema, async (tx, p, event) => {
  const consent = p.sms_marketing_consent;
  const at = consent?.consent_updated_at
    ? new Date(consent.consent_updated_at)
    : (event.triggeredAt ?? event.receivedAt);
  const known = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: p.id } },
    select: { smsConsentUpdatedAt: true },
  });
  // Only a report that says when consent changed can be older than what the mirror holds.
  const stale =
    !!consent?.consent_updated_at && !!known?.smsConsentUpdatedAt && known.smsConsentUpdatedAt > at;
  await upsertCustomer(tx, event.shop, p.id, {
    ...(p.phone !== undefined ? { phone: p.phone } : {}),
    ...(consent?.state && !stale ? { smsMarketingState: consent.state, smsConsentUpdatedAt: at } : {}),
  });
});

/**
 * customers/purchasing_summary. It names the customer's last order (`lastOrderId`) but not when it
 * was placed: an order the mirror has not seen is taken to have happened when the summary changed
 * (`occurredAt`, never later than now).
 */
export const mirrorPurchasingSummary = typedHandler(purchasingSummarySchema, async (tx, p, event) => {
  const before = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: p.customerId } },
    select: { lastOrderId: true },
  });
  await upsertCustomer(tx, event.shop, p.customerId, {
    ordersCount: p.numberOfOrders,
    amountSpentCents: toMinorUnits(p.amountSpent.amount, p.amountSpent.currencyCode),
  });
  const lastOrderId = p.lastOrderId ? numericId(p.lastOrderId) : null;
  if (p.numberOfOrders > 0 && lastOrderId && lastOrderId !== before?.lastOrderId) {
    const now = appClock.now();
    const occurred = new Date(p.occurredAt);
    const at = Number.isNaN(occurred.getTime()) || occurred > now ? now : occurred;
    await recordLastOrder(tx, event.shop, p.customerId, { id: lastOrderId, at });
  }
});

const tagsChanged = (change: "added" | "removed") =>
  typedHandler(customerTagsSchema, async (tx, p, event) => {
    const existing = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop: event.shop, shopifyId: p.customerId } },
    });
    const current = new Set(
      Array.isArray(existing?.tags) ? existing.tags.filter((t): t is string => typeof t === "string") : [],
    );
    for (const tag of p.tags) {
      if (change === "added") current.add(tag);
      else current.delete(tag);
    }
    await upsertCustomer(tx, event.shop, p.customerId, { tags: [...current] });
  });

/** customer.tags_added. */
export const mirrorTagsAdded = tagsChanged("added");
/** customer.tags_removed. */
export const mirrorTagsRemoved = tagsChanged("removed");
