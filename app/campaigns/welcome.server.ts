// The welcome campaign's trigger: a customer who became subscribed to email marketing. Shopify's
// customer payloads no longer carry consent (since 2025-01), so the subscription is heard from
// customers_email_marketing_consent/update, after the customer mirror took it in: the mirror keeps
// when the customer last changed into SUBSCRIBED (Customer.emailSubscribedAt), and a consent event
// that reports that change offers `customer_subscribed` to the campaigns that start on it. A
// consent event for a customer who was subscribed long before (a change of opt-in level, say)
// starts nothing.
import type { EventRow } from "../events/event";
import type { Tx } from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { consentSchema } from "../shopify/payloads";
import { readShop } from "../shops/shops.server";
import { loadCampaigns } from "./config.server";
import { enterCampaigns } from "./entry.server";

/** How far apart the event's consent time and the mirror's subscription time may be to be the same change. */
const SAME_CHANGE_MS = 24 * 3600_000;

/**
 * customers_email_marketing_consent/update (after mirrorConsent and onConsentChanged). Consent
 * changes are frequent: while no campaign that starts on a subscription is on, they are not offered
 * (no "campaign is off" on every customer's timeline), like the win-back scan skips shops without it.
 */
export async function onEmailSubscribed(tx: Tx, event: EventRow) {
  const consent = consentSchema.parse(event.payload);
  if (consent.email_marketing_consent.state.toUpperCase() !== "SUBSCRIBED") return;
  const { settings } = await readShop(tx, event.shop);
  const campaigns = await loadCampaigns(tx, event.shop, settings);
  if (!campaigns.some((c) => c.enabled && c.definition.trigger.event === "customer_subscribed")) return;
  const customer = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: consent.customer_id } },
  });
  if (!customer?.email || customer.marketingState !== "SUBSCRIBED" || !customer.emailSubscribedAt) return;
  const reported = consent.email_marketing_consent.consent_updated_at
    ? new Date(consent.email_marketing_consent.consent_updated_at)
    : (event.triggeredAt ?? event.receivedAt);
  if (Math.abs(reported.getTime() - customer.emailSubscribedAt.getTime()) > SAME_CHANGE_MS) return;
  await enterCampaigns(
    tx,
    event.shop,
    {
      type: "customer_subscribed",
      person: {
        customerId: customer.shopifyId,
        email: customer.email,
        firstName: customer.firstName,
        lastName: customer.lastName,
        acceptsMarketing: false,
      },
      subscribedAt: customer.emailSubscribedAt,
      ordersCount: customer.ordersCount,
    },
    appClock.now(),
  );
}
