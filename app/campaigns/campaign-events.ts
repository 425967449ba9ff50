// What happens to a shop's customers, in the campaigns' own words: the events a campaign can start
// on (its trigger), wait for (a waitFor step) or end on (its exits). Store webhooks become these in
// store-topics.ts; the VIP rules emit `tier_upgraded`, a subscription seen by the customer mirror
// `customer_subscribed` (welcome.server.ts), the win-back scan `customer_lapsed` (winback.server.ts). Each trigger event has a subject extractor:
// which journey it starts (the subject key: one journey per subject, ever), for whom, and the data
// the journey's emails and entry conditions need. Pure.
import type { JourneyContext, JourneyLineItem } from "./journey-context";

export const TRIGGER_EVENTS = [
  "checkout_abandoned",
  "order_paid",
  "order_fulfilled",
  "tier_upgraded",
  "customer_subscribed",
  "customer_lapsed",
  // On request for one customer and their latest order (Shopify Flow's "Send a Replyloop survey"):
  // offered only to the campaign asked for, when its definition allows it (`trigger.onDemand`).
  "survey_requested",
] as const;
export type TriggerEventType = (typeof TRIGGER_EVENTS)[number];

/** Events a waitFor step can wait for (a customer's order moving on). */
export const WAIT_EVENTS = ["order_placed", "order_paid", "order_fulfilled"] as const;
export type WaitEventType = (typeof WAIT_EVENTS)[number];

export type Person = {
  customerId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The buyer ticked "email me with news and offers" on this checkout/order. */
  acceptsMarketing: boolean;
};

export type CheckoutInfo = {
  token: string;
  url: string | null;
  lineItems: JourneyLineItem[];
  totalCents: number;
  currency: string;
};

export type OrderInfo = {
  id: string;
  name: string;
  checkoutToken: string | null;
  lineItems: JourneyLineItem[];
  totalCents: number;
  currency: string;
};

type OrderEvent<T extends string> = { type: T; person: Person; order: OrderInfo };

export type CampaignEvent =
  | { type: "checkout_abandoned"; person: Person; checkout: CheckoutInfo }
  | { type: "checkout_completed"; checkoutToken: string }
  | OrderEvent<"order_placed">
  | OrderEvent<"order_paid">
  | OrderEvent<"order_fulfilled">
  | {
      type: "tier_upgraded";
      person: Person & { customerId: string };
      tier: "silver" | "gold";
      ordersCount: number;
    }
  | {
      /** The customer became subscribed to email marketing (at `subscribedAt`). */
      type: "customer_subscribed";
      person: Person & { customerId: string };
      subscribedAt: Date;
      ordersCount: number;
    }
  | {
      /** The customer's last order is older than the shop's win-back threshold (found at `dueAt`). */
      type: "customer_lapsed";
      person: Person & { customerId: string };
      lastOrderAt: Date;
      dueAt: Date;
      daysSinceLastOrder: number;
      ordersCount: number;
    }
  | { type: "survey_requested"; person: Person; order: OrderInfo; requestedBy: string };
export type TriggerEvent = Extract<CampaignEvent, { type: TriggerEventType }>;
export type WaitEvent = Extract<CampaignEvent, { type: WaitEventType }>;

export function isTriggerEvent(event: CampaignEvent): event is TriggerEvent {
  return (TRIGGER_EVENTS as readonly string[]).includes(event.type);
}
export function isWaitEvent(event: CampaignEvent): event is WaitEvent {
  return (WAIT_EVENTS as readonly string[]).includes(event.type);
}

/** What entry conditions can look at besides the customer (conditions.ts). */
export type SubjectData = {
  cart?: { totalCents: number; itemCount: number; currency: string };
  order?: { totalCents: number; itemCount: number; currency: string };
  tier?: "silver" | "gold";
  lapse?: { daysSinceLastOrder: number };
};

export type EntrySubject = {
  /** One journey per subject per campaign: checkout token, order id, customer + tier. */
  subjectKey: string;
  customerId: string | null;
  email: string;
  /** Journey data from the event (merged into the active journey of the same subject on updates). */
  context: Partial<JourneyContext>;
  acceptsMarketing: boolean;
  /** Orders the event says the customer has (the customer mirror may know more). */
  ordersCount: number;
  data: SubjectData;
  /** The timeline's words when the event updates the subject's active journey. */
  updateReason: string;
};

const itemCount = (items: JourneyLineItem[]) => items.reduce((n, item) => n + item.quantity, 0);
const who = (p: Person) => ({ firstName: p.firstName, lastName: p.lastName });

function fromOrder(event: OrderEvent<string>): EntrySubject | null {
  const { person, order } = event;
  if (!person.email) return null;
  return {
    subjectKey: order.id,
    customerId: person.customerId,
    email: person.email,
    acceptsMarketing: person.acceptsMarketing,
    ordersCount: 1,
    context: {
      acceptsMarketing: person.acceptsMarketing,
      customer: who(person),
      order: {
        id: order.id,
        name: order.name,
        lineItems: order.lineItems,
        totalCents: order.totalCents,
        currency: order.currency,
      },
    },
    data: {
      order: {
        totalCents: order.totalCents,
        itemCount: itemCount(order.lineItems),
        currency: order.currency,
      },
    },
    updateReason: "the order changed",
  };
}

/** Subject extractors: which journey a trigger event is about, or null when there is no one to write to. */
export const SUBJECTS: {
  [T in TriggerEventType]: (event: Extract<TriggerEvent, { type: T }>) => EntrySubject | null;
} = {
  checkout_abandoned: ({ person, checkout }) => {
    // Anonymous or empty checkouts have no one to write to: nothing to decide.
    if (!person.email || checkout.lineItems.length === 0) return null;
    return {
      subjectKey: checkout.token,
      customerId: person.customerId,
      email: person.email,
      acceptsMarketing: person.acceptsMarketing,
      ordersCount: 0,
      context: { acceptsMarketing: person.acceptsMarketing, customer: who(person), checkout },
      data: {
        cart: {
          totalCents: checkout.totalCents,
          itemCount: itemCount(checkout.lineItems),
          currency: checkout.currency,
        },
      },
      updateReason: "the checkout changed",
    };
  },
  order_paid: fromOrder,
  order_fulfilled: fromOrder,
  // The order is the customer's latest known one: its journey is the order's (one survey per order).
  survey_requested: (event) => {
    const subject = fromOrder(event);
    return subject && { ...subject, data: {}, updateReason: `a survey was requested (${event.requestedBy})` };
  },
  tier_upgraded: ({ person, tier, ordersCount }) => {
    if (!person.email) return null;
    return {
      subjectKey: `${person.customerId}:${tier}`,
      customerId: person.customerId,
      email: person.email,
      acceptsMarketing: false,
      ordersCount,
      context: { tier, customer: who(person) },
      data: { tier },
      updateReason: "the tier changed",
    };
  },
  customer_subscribed: ({ person, subscribedAt, ordersCount }) => {
    if (!person.email) return null;
    return {
      // One journey per subscription: subscribing again is a new subject (re-entry decides).
      subjectKey: `${person.customerId}:${subscribedAt.toISOString()}`,
      customerId: person.customerId,
      email: person.email,
      acceptsMarketing: false,
      ordersCount,
      context: { customer: who(person) },
      data: {},
      updateReason: "the subscription was reported again",
    };
  },
  customer_lapsed: ({ person, lastOrderAt, dueAt, daysSinceLastOrder, ordersCount }) => {
    if (!person.email) return null;
    return {
      // One journey per time the scan found the customer due (re-entry decides how often).
      subjectKey: `${person.customerId}:${dueAt.toISOString()}`,
      customerId: person.customerId,
      email: person.email,
      acceptsMarketing: false,
      ordersCount,
      context: { customer: who(person), lastOrderAt: lastOrderAt.toISOString() },
      data: { lapse: { daysSinceLastOrder } },
      updateReason: "the customer was found due again",
    };
  },
};

export function subjectOf(event: TriggerEvent): EntrySubject | null {
  switch (event.type) {
    case "checkout_abandoned":
      return SUBJECTS.checkout_abandoned(event);
    case "order_paid":
      return SUBJECTS.order_paid(event);
    case "order_fulfilled":
      return SUBJECTS.order_fulfilled(event);
    case "tier_upgraded":
      return SUBJECTS.tier_upgraded(event);
    case "customer_subscribed":
      return SUBJECTS.customer_subscribed(event);
    case "customer_lapsed":
      return SUBJECTS.customer_lapsed(event);
    case "survey_requested":
      return SUBJECTS.survey_requested(event);
  }
}
