// The Shopify library's own webhook verification (HMAC of the raw body + required headers), without
// the session lookup that authenticate.webhook adds: intake needs neither a session nor an Admin
// client, and skipping them keeps the webhook path to one transaction.
// The Remix package's adapter: it teaches shopify-api to read Fetch API Requests.
import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi } from "@shopify/shopify-api";
import { env } from "../env.server";
import { SHOPIFY_API_VERSION } from "./api-version";

const appUrl = new URL(env.SHOPIFY_APP_URL);

const api = shopifyApi({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  hostName: appUrl.host,
  hostScheme: appUrl.protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

export const validateShopifyWebhook = api.webhooks.validate;
export const sanitizeShop = (shop: string) => api.utils.sanitizeShop(shop);
