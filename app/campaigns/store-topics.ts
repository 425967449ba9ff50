// Which store webhooks mean what to the campaigns: each Shopify topic the campaigns listen to,
// translated into campaign events (campaign-events.ts) — the only place that knows Shopify's
// payload shapes. Which campaign starts on which event is the campaigns' own data (definition.ts).
// Pure.
import type { z } from "zod";
import { normalizeEmail } from "../lib/email-address";
import { checkoutSchema, orderSchema } from "../shopify/payloads";
import { toMinorUnits } from "../lib/money";
import type { CampaignEvent, OrderInfo, Person } from "./campaign-events";
import type { JourneyLineItem } from "./journey-context";

type Checkout = z.output<typeof checkoutSchema>;
type Order = z.output<typeof orderSchema>;

const lineItems = (items: Checkout["line_items"], currency: string): JourneyLineItem[] =>
  items.map((item) => ({
    title: item.title ?? "Item",
    variantTitle: item.variant_title ?? null,
    quantity: item.quantity,
    priceCents: item.price ? toMinorUnits(item.price, currency) : 0,
    imageUrl: null,
  }));

function checkoutEvents(payload: unknown): CampaignEvent[] {
  const checkout = checkoutSchema.parse(payload);
  if (checkout.completed_at) return [{ type: "checkout_completed", checkoutToken: checkout.token }];
  const currency = checkout.currency ?? "USD";
  const person: Person = {
    customerId: checkout.customer?.id ?? null,
    email: normalizeEmail(checkout.email ?? checkout.customer?.email) ?? null,
    firstName: checkout.customer?.first_name ?? null,
    lastName: checkout.customer?.last_name ?? null,
    acceptsMarketing: checkout.buyer_accepts_marketing === true,
  };
  return [
    {
      type: "checkout_abandoned",
      person,
      checkout: {
        token: checkout.token,
        url: checkout.abandoned_checkout_url ?? null,
        lineItems: lineItems(checkout.line_items, currency),
        totalCents: checkout.total_price ? toMinorUnits(checkout.total_price, currency) : 0,
        currency,
      },
    },
  ];
}

function orderFacts(payload: unknown): { person: Person; order: OrderInfo } {
  const order: Order = orderSchema.parse(payload);
  return {
    person: {
      customerId: order.customer?.id ?? null,
      email: normalizeEmail(order.email ?? order.contact_email ?? order.customer?.email) ?? null,
      firstName: order.customer?.first_name ?? null,
      lastName: order.customer?.last_name ?? null,
      acceptsMarketing: order.buyer_accepts_marketing === true,
    },
    order: {
      id: order.id,
      name: order.name ?? `#${order.id}`,
      checkoutToken: order.checkout_token ?? null,
      lineItems: lineItems(order.line_items, order.currency),
      totalCents: toMinorUnits(order.total_price, order.currency),
      currency: order.currency,
    },
  };
}

/** Shopify topic → the campaign events it carries, in the order they happened. */
export const STORE_TOPICS = {
  "checkouts/create": checkoutEvents,
  "checkouts/update": checkoutEvents,
  "orders/create": (payload) => [{ type: "order_placed", ...orderFacts(payload) }],
  // A paid order is placed too (orders/create may come later, or not be subscribed).
  "orders/paid": (payload) => {
    const facts = orderFacts(payload);
    return [
      { type: "order_placed", ...facts },
      { type: "order_paid", ...facts },
    ];
  },
  "orders/fulfilled": (payload) => [{ type: "order_fulfilled", ...orderFacts(payload) }],
} satisfies Record<string, (payload: unknown) => CampaignEvent[]>;
export type StoreTopic = keyof typeof STORE_TOPICS;

export function isStoreTopic(topic: string): topic is StoreTopic {
  return Object.hasOwn(STORE_TOPICS, topic);
}
