// Every Shopify webhook topic Replyloop subscribes to: the [[webhooks.subscriptions]] of
// shopify.app.toml, in its order (app/shopify/topics.test.ts reads the toml and compares). The
// event routing table (app/events/routes.server.ts) must name handlers for each of them.
export const SHOPIFY_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "checkouts/create",
  "checkouts/update",
  "orders/create",
  "orders/paid",
  "orders/fulfilled",
  "customers/create",
  "customers/update",
  "customers/purchasing_summary",
  "customers_email_marketing_consent/update",
  "customers_marketing_consent/update",
  "customer.tags_added",
  "customer.tags_removed",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

export function isShopifyTopic(value: string): value is ShopifyTopic {
  return (SHOPIFY_TOPICS as readonly string[]).includes(value);
}

/** The same normalisation the Shopify library applies to X-Shopify-Topic ("orders/create" → "ORDERS_CREATE"). */
export const topicKey = (topic: string) => topic.toUpperCase().replace(/[/.]/g, "_");
