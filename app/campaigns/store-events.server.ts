// The campaigns' event handlers: store webhooks (as stored events) become campaign events
// (store-topics.ts); each one is heard by the customer's running journeys (exits, waitFor steps)
// and offered to every campaign that starts on it (entry.server.ts). Each handler runs inside the
// event's processing transaction (app/intake/handlers.server.ts): database writes and job
// enqueues only.
import type { Tx } from "../db.server";
import type { EventRow } from "../events/event";
import { normalizeEmail } from "../lib/email-address";
import { consentSchema, customerSchema, smsConsentSchema } from "../shopify/payloads";
import { appClock } from "../lib/app-clock.server";
import { recordOrder } from "./attribution.server";
import { isTriggerEvent, type CampaignEvent } from "./campaign-events";
import { enterCampaigns } from "./entry.server";
import { consentFacts } from "./facts.server";
import { readContext } from "./journey-context";
import { exitAllForShop } from "./journey-state.server";
import { activeJourneysOf, react } from "./reactions.server";
import { isStoreTopic, STORE_TOPICS } from "./store-topics";
import { noteOrder } from "./winback.server";

/** What one campaign event means: running journeys hear it first, then campaigns may start on it. */
async function handle(tx: Tx, shop: string, event: CampaignEvent, now: Date) {
  switch (event.type) {
    case "checkout_completed": {
      const journeys = await activeJourneysOf(tx, shop, { subjectKey: event.checkoutToken });
      await react(tx, shop, journeys, () => event, now);
      break;
    }
    case "order_placed":
    case "order_paid":
    case "order_fulfilled": {
      // Revenue is attributed before the order ends the journeys it recovered.
      if (event.type === "order_placed") await recordOrder(tx, shop, event, now);
      // The customer's last order (and so their win-back due time) is now.
      if (event.type === "order_placed" && event.person.customerId)
        await noteOrder(
          tx,
          shop,
          { id: event.person.customerId, email: event.person.email },
          event.order.id,
          now,
        );
      const journeys = await activeJourneysOf(tx, shop, {
        subjectKey: event.order.checkoutToken,
        email: event.person.email,
        customerId: event.person.customerId,
      });
      await react(tx, shop, journeys, () => event, now);
      break;
    }
    case "checkout_abandoned":
    case "tier_upgraded":
    case "customer_subscribed":
    case "customer_lapsed":
      break;
  }
  if (isTriggerEvent(event)) await enterCampaigns(tx, shop, event, now);
}

/** checkouts/create|update, orders/create|paid|fulfilled (STORE_TOPICS). */
export async function onStoreEvent(tx: Tx, event: EventRow) {
  if (!isStoreTopic(event.topic)) throw new Error(`campaigns do not handle ${event.topic}`);
  const now = appClock.now();
  for (const happened of STORE_TOPICS[event.topic](event.payload))
    await handle(tx, event.shop, happened, now);
}

/**
 * customers_email_marketing_consent/update (and customers/update when it still carries consent):
 * after the customer mirror took the new state, running journeys whose consent no longer holds
 * end (the `consent_withdrawn` exit). The mirror's handler must run first.
 */
export async function onConsentChanged(tx: Tx, event: EventRow) {
  const who = whoseConsent(event);
  if (!who) return;
  await reactToConsent(tx, event.shop, who, appClock.now());
}

/**
 * The customer's consent changed (email or SMS, as the customer mirror now says): each running
 * journey re-checks it under its campaign (the `consent_withdrawn` exit). Also called by the SMS
 * module when a STOP or START text changes SMS consent.
 */
export async function reactToConsent(
  tx: Tx,
  shop: string,
  who: { customerId: string | null; email: string | null },
  now: Date,
) {
  const journeys = await activeJourneysOf(tx, shop, who);
  await react(
    tx,
    shop,
    journeys,
    async (journey) => ({
      type: "consent_changed",
      consent: await consentFacts(tx, shop, journey, {
        acceptsMarketing: readContext(journey.context).acceptsMarketing,
      }),
    }),
    now,
  );
}

/** customers_marketing_consent/update (SMS), after the customer mirror took the new state. */
export async function onSmsConsentChanged(tx: Tx, event: EventRow) {
  const consent = smsConsentSchema.parse(event.payload);
  await reactToConsent(tx, event.shop, { customerId: consent.id, email: null }, appClock.now());
}

/** The customer whose consent the event changed; null for a customers/update that carries none. */
function whoseConsent(event: EventRow) {
  if (event.topic === "customers/update") {
    const customer = customerSchema.parse(event.payload);
    return customer.email_marketing_consent
      ? { customerId: customer.id, email: normalizeEmail(customer.email) ?? null }
      : null;
  }
  const consent = consentSchema.parse(event.payload);
  return { customerId: consent.customer_id, email: normalizeEmail(consent.email_address) ?? null };
}

/** app/uninstalled: nothing more is sent for this shop, and no journey stays active to block a reinstall. */
export async function onShopUninstalled(tx: Tx, event: EventRow) {
  await exitAllForShop(tx, event.shop, "app uninstalled", appClock.now());
}
