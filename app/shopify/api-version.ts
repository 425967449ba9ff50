import { ApiVersion } from "@shopify/shopify-api";

/** The one Admin API version Replyloop speaks: shopify.app.toml (app-config.test.ts compares), shopifyApp() and our GraphQL calls. */
export const SHOPIFY_API_VERSION = ApiVersion.July26;

/** Scopes the whole product needs; shopify.app.toml declares the same list (app-config.test.ts compares). */
export const SHOPIFY_SCOPES = [
  "read_customers",
  "write_customers",
  "read_orders",
  "read_checkouts",
  "read_fulfillments",
  "read_discounts",
  "write_discounts",
] as const;
