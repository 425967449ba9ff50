// Store events → campaign journeys. Each handler runs inside the event's processing transaction
// (named by the routing table, app/events/routes.server.ts): database writes and job enqueues only.
import type { z } from "zod";
import type { Tx } from "../db.server";
import type { EventHandler } from "../events/event";
import { normalizeEmail } from "../lib/email-address";
import { checkoutSchema, orderSchema } from "../shopify/payloads";
import { appClock } from "../lib/app-clock.server";
import { toMinorUnits } from "../lib/money";
import { recordOrder } from "./attribution.server";
import { loadCampaign } from "./config.server";
import { enterOrUpdate, exitJourney, type JourneyLineItem } from "./journeys.server";

type Checkout = z.output<typeof checkoutSchema>;

const lineItems = (items: Checkout["line_items"], currency: string): JourneyLineItem[] =>
  items.map((item) => ({
    title: item.title ?? "Item",
    variantTitle: item.variant_title ?? null,
    quantity: item.quantity,
    priceCents: item.price ? toMinorUnits(item.price, currency) : 0,
    imageUrl: null,
  }));

/** checkouts/create|update: an abandoned checkout starts (or updates) an abandoned-cart journey. */
async function onCheckout(tx: Tx, shop: string, payload: unknown) {
  const checkout = checkoutSchema.parse(payload);
  const now = appClock.now();
  if (checkout.completed_at) {
    const journey = await tx.journey.findUnique({
      where: { shop_campaign_subjectKey: { shop, campaign: "abandoned_cart", subjectKey: checkout.token } },
    });
    if (journey) await exitJourney(tx, journey, "checkout completed", now);
    return;
  }
  const email = normalizeEmail(checkout.email ?? checkout.customer?.email);
  // Anonymous or empty checkouts have no one to write to: nothing to decide.
  if (!email || checkout.line_items.length === 0) return;
  const currency = checkout.currency ?? "USD";
  await enterOrUpdate(tx, {
    shop,
    kind: "abandoned_cart",
    subjectKey: checkout.token,
    customerId: checkout.customer?.id ?? null,
    email,
    now,
    consent: { acceptsMarketing: checkout.buyer_accepts_marketing === true },
    context: {
      acceptsMarketing: checkout.buyer_accepts_marketing === true,
      customer: {
        firstName: checkout.customer?.first_name ?? null,
        lastName: checkout.customer?.last_name ?? null,
      },
      checkout: {
        token: checkout.token,
        url: checkout.abandoned_checkout_url ?? null,
        lineItems: lineItems(checkout.line_items, currency),
        totalCents: checkout.total_price ? toMinorUnits(checkout.total_price, currency) : 0,
        currency,
      },
    },
  });
}

/** An order was placed: abandoned-cart journeys of that checkout or customer end, revenue is attributed. */
async function onOrderPlaced(tx: Tx, shop: string, payload: unknown) {
  const order = orderSchema.parse(payload);
  const now = appClock.now();
  const email = normalizeEmail(order.email ?? order.contact_email ?? order.customer?.email);
  await recordOrder(tx, shop, order, email ?? null, now);
  const journeys = await tx.journey.findMany({
    where: {
      shop,
      campaign: "abandoned_cart",
      state: "active",
      OR: [
        ...(order.checkout_token ? [{ subjectKey: order.checkout_token }] : []),
        ...(email ? [{ email }] : []),
        ...(order.customer?.id ? [{ customerId: order.customer.id }] : []),
      ],
    },
  });
  for (const journey of journeys) {
    const reason =
      journey.subjectKey === order.checkout_token
        ? "order placed from this checkout"
        : "the customer placed an order";
    await exitJourney(tx, journey, reason, now);
  }
}

/** An order to survey: one post-purchase journey per order. */
async function onOrderToSurvey(
  tx: Tx,
  shop: string,
  payload: unknown,
  topic: "orders/fulfilled" | "orders/paid",
) {
  const campaign = await loadCampaign(tx, shop, "post_purchase");
  if (!campaign.definition.trigger.topics.includes(topic)) return;
  const order = orderSchema.parse(payload);
  const email = normalizeEmail(order.email ?? order.contact_email ?? order.customer?.email);
  if (!email) return;
  await enterOrUpdate(tx, {
    shop,
    kind: "post_purchase",
    subjectKey: order.id,
    customerId: order.customer?.id ?? null,
    email,
    now: appClock.now(),
    consent: { acceptsMarketing: order.buyer_accepts_marketing === true, ordersCount: 1 },
    context: {
      acceptsMarketing: order.buyer_accepts_marketing === true,
      customer: {
        firstName: order.customer?.first_name ?? null,
        lastName: order.customer?.last_name ?? null,
      },
      order: {
        id: order.id,
        name: order.name ?? `#${order.id}`,
        lineItems: lineItems(order.line_items, order.currency),
        totalCents: toMinorUnits(order.total_price, order.currency),
        currency: order.currency,
      },
    },
  });
}

/** checkouts/create|update. */
export const cartJourneyOnCheckout: EventHandler = (tx, e) => onCheckout(tx, e.shop, e.payload);
/** orders/create|paid. */
export const endCartJourneysOnOrder: EventHandler = (tx, e) => onOrderPlaced(tx, e.shop, e.payload);
/** orders/paid. */
export const surveyOnOrderPaid: EventHandler = (tx, e) =>
  onOrderToSurvey(tx, e.shop, e.payload, "orders/paid");
/** orders/fulfilled. */
export const surveyOnOrderFulfilled: EventHandler = (tx, e) =>
  onOrderToSurvey(tx, e.shop, e.payload, "orders/fulfilled");
