// Every webhook source, by path: Shopify's topics (shopify.app.toml's `uri`s, and any other
// /webhooks/… path, verified like the rest and stored as ignored unless its topic is ours), HubSpot,
// SendGrid and Twilio. A new source is one line here and one source module that
// stores through event-writer.server.ts.
import { SHOPIFY_TOPICS } from "../shopify/topics";
import type { WebhookSource } from "./delivery";
import { hubspotWebhook } from "./hubspot-webhook.server";
import { sendgridWebhook } from "./sendgrid-webhook.server";
import { shopifyWebhook } from "./shopify-webhook.server";
import { twilioWebhook } from "./twilio-webhook.server";

export const WEBHOOK_PREFIX = "/webhooks";

const SOURCES = new Map<string, WebhookSource>([
  ...SHOPIFY_TOPICS.map(
    (topic) => [`${WEBHOOK_PREFIX}/${topic.replace(".", "/")}`, shopifyWebhook(topic)] as const,
  ),
  [`${WEBHOOK_PREFIX}/hubspot`, hubspotWebhook],
  [`${WEBHOOK_PREFIX}/sendgrid`, sendgridWebhook],
  [`${WEBHOOK_PREFIX}/twilio/messages`, twilioWebhook("messages")],
  [`${WEBHOOK_PREFIX}/twilio/status`, twilioWebhook("status")],
]);
const anyShopifyTopic = shopifyWebhook(null);

/** Whether `path` has a source of its own (every `uri` of shopify.app.toml, HubSpot's, SendGrid's). */
export function hasWebhookSource(path: string): boolean {
  return SOURCES.has(path);
}

/** The source that reads deliveries to `path` (a path under /webhooks). */
export function webhookSource(path: string): WebhookSource {
  return SOURCES.get(path) ?? anyShopifyTopic;
}
