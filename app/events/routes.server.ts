// The routing table: every event Replyloop can receive → the domain functions that handle it, in
// order, inside a transaction (app/intake/process.server.ts runs them in jobs; the events a worker
// starts together share one, except those of RUNS_ALONE). The
// keys are every Shopify topic we subscribe to, every HubSpot subscription type, every SendGrid
// event type, every outbox report and what Twilio posts: a missing or misspelt key fails `tsc`. `[]` means received and deliberately ignored
// (the event is marked "ignored"). Handlers write the database and enqueue jobs; calls to other
// systems (Shopify Admin, HubSpot, SendGrid) happen in those jobs, never inside the transaction.
import { settlePageAnswers } from "../answers/page-answers.server";
import {
  onConsentChanged,
  onShopUninstalled,
  onSmsConsentChanged,
  onStoreEvent,
} from "../campaigns/store-events.server";
import { onOrderPaidForVip, onPurchasingSummary, onTagsChanged } from "../campaigns/vip.server";
import { onEmailSubscribed } from "../campaigns/welcome.server";
import { onSummaryForWinback } from "../campaigns/winback.server";
import type { HubSpotSubscriptionType } from "../crm/hubspot/events";
import { handleHubSpotEvent } from "../crm/hubspot/webhook-handlers.server";
import { onCustomerRedact, onDataRequest, onShopRedact } from "../customers/compliance.server";
import {
  mirrorConsent,
  mirrorCustomer,
  mirrorPurchasingSummary,
  mirrorSmsConsent,
  mirrorTagsAdded,
  mirrorTagsRemoved,
} from "../customers/mirror.server";
import { mirrorOrder } from "../customers/orders.server";
import {
  applyOutboxEvent,
  applySendGridEvent,
  applySendGridProgress,
} from "../email/delivery/handlers.server";
import type { OutboxEventType } from "../email/outbox/events";
import type { SendGridEventType } from "../email/sendgrid/events";
import type { ShopifyTopic } from "../shopify/topics";
import { applySmsOutboxEvent, applyTwilioStatus } from "../sms/delivery.server";
import { onTextReceived } from "../sms/inbound.server";
import type { SmsOutboxEventType } from "../sms/outbox/events";
import type { TwilioEventType } from "../sms/twilio/webhooks";
import { onScopesUpdate } from "../shops/events.server";
import type { Handler } from "./event";

export type EventKey =
  | `shopify:${ShopifyTopic}`
  | `hubspot:${HubSpotSubscriptionType}`
  | `sendgrid:${SendGridEventType}`
  | `outbox:${OutboxEventType}`
  | `twilio:${TwilioEventType}`
  | `sms_outbox:${SmsOutboxEventType}`;

export const EVENT_ROUTES = {
  // Shopify (shopify.app.toml's subscriptions: each `# Handled by:` comment points here).
  "shopify:app/uninstalled": [onShopUninstalled],
  "shopify:app/scopes_update": [onScopesUpdate],
  // Campaign triggers, exits and waits come from the campaigns' definitions (campaigns/store-topics.ts).
  "shopify:checkouts/create": [onStoreEvent],
  "shopify:checkouts/update": [onStoreEvent],
  // The order mirror first, then the Thank-you page answers waiting for it (so a survey email for an
  // order answered on its page is skipped when the campaigns hear the order), then the campaigns.
  "shopify:orders/create": [mirrorOrder, settlePageAnswers, onStoreEvent],
  "shopify:orders/paid": [mirrorOrder, settlePageAnswers, onStoreEvent, onOrderPaidForVip],
  "shopify:orders/fulfilled": [onStoreEvent],
  "shopify:customers/create": [mirrorCustomer],
  // The mirror first: journeys then see the consent state the event carried.
  "shopify:customers/update": [mirrorCustomer, onConsentChanged],
  "shopify:customers/purchasing_summary": [mirrorPurchasingSummary, onPurchasingSummary, onSummaryForWinback],
  // Journeys whose consent ended exit; a customer who became subscribed starts the welcome series.
  "shopify:customers_email_marketing_consent/update": [mirrorConsent, onConsentChanged, onEmailSubscribed],
  "shopify:customers_marketing_consent/update": [mirrorSmsConsent, onSmsConsentChanged],
  "shopify:customer.tags_added": [mirrorTagsAdded, onTagsChanged],
  "shopify:customer.tags_removed": [mirrorTagsRemoved, onTagsChanged],
  "shopify:customers/data_request": [onDataRequest],
  "shopify:customers/redact": [onCustomerRedact],
  "shopify:shop/redact": [onShopRedact],

  // HubSpot (hubspot/src/app/webhooks/webhooks-hsmeta.json).
  "hubspot:contact.propertyChange": [handleHubSpotEvent],
  "hubspot:contact.deletion": [handleHubSpotEvent],
  "hubspot:contact.privacyDeletion": [handleHubSpotEvent],

  // SendGrid Event Webhook. A message's progress (several events an email) is plain SQL; the events
  // that may suppress the address end journeys too (campaigns), in Prisma.
  "sendgrid:processed": [applySendGridProgress],
  "sendgrid:deferred": [applySendGridProgress],
  "sendgrid:delivered": [applySendGridProgress],
  "sendgrid:open": [applySendGridProgress],
  "sendgrid:click": [applySendGridProgress],
  "sendgrid:bounce": [applySendGridEvent],
  "sendgrid:dropped": [applySendGridEvent],
  "sendgrid:spamreport": [applySendGridEvent],
  "sendgrid:unsubscribe": [applySendGridEvent],
  "sendgrid:group_unsubscribe": [applySendGridEvent],
  // Re-subscribing is the person's own business with SendGrid; our suppression stays.
  "sendgrid:group_resubscribe": [],

  // The outbox's reports (app/email/outbox/): the same handling as SendGrid's events.
  "outbox:delivered": [applyOutboxEvent],
  "outbox:open": [applyOutboxEvent],
  "outbox:click": [applyOutboxEvent],

  // Twilio (app/sms/twilio/): a text a customer sent, and a text's status (its StatusCallback).
  "twilio:inbound": [onTextReceived],
  "twilio:accepted": [applyTwilioStatus],
  "twilio:queued": [applyTwilioStatus],
  "twilio:sending": [applyTwilioStatus],
  "twilio:sent": [applyTwilioStatus],
  "twilio:delivered": [applyTwilioStatus],
  "twilio:read": [applyTwilioStatus],
  "twilio:undelivered": [applyTwilioStatus],
  "twilio:failed": [applyTwilioStatus],
  // We never schedule texts at Twilio: nothing of ours is scheduled or cancelled there.
  "twilio:scheduled": [],
  "twilio:canceled": [],

  // The SMS outbox's reports (app/sms/outbox/): the same handling as Twilio's statuses.
  "sms_outbox:delivered": [applySmsOutboxEvent],
} as const satisfies Record<EventKey, readonly Handler[]>;

/**
 * Events whose handlers delete stored events (redaction): each is applied on its own, never in one
 * transaction with others (app/intake/process.server.ts applies the events of a moment as a set) —
 * an event read beside it could otherwise be applied after its customer's data was erased.
 */
const RUNS_ALONE: ReadonlySet<string> = new Set<EventKey>([
  "shopify:customers/redact",
  "shopify:shop/redact",
  "hubspot:contact.deletion",
  "hubspot:contact.privacyDeletion",
]);

const ROUTES = new Map<string, readonly Handler[]>(Object.entries(EVENT_ROUTES));

/** The handlers of a stored event, in order; none for an event nobody reacts to. */
export function handlersFor(source: string, topic: string): readonly Handler[] {
  return ROUTES.get(`${source}:${topic}`) ?? [];
}

/** Whether this event must be applied in a transaction of its own (see RUNS_ALONE). */
export function runsAlone(source: string, topic: string): boolean {
  return RUNS_ALONE.has(`${source}:${topic}`);
}
