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

/**
 * Verifies a delivery with the library's check. The library only reads Shopify's own headers, but
 * scans (and re-capitalises) every header of the request for each one it looks up, so it is given
 * just those: the same answer, without a fifth of the webhook path's CPU.
 */
export function validateShopifyWebhook(rawBody: string, request: Request) {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (name.startsWith("x-shopify-") || name.startsWith("shopify-")) headers.append(name, value);
  }
  return api.webhooks.validate({
    rawBody,
    rawRequest: { method: request.method, url: request.url, headers },
  });
}
export const sanitizeShop = (shop: string) => api.utils.sanitizeShop(shop);

/**
 * Shopify Flow's signature on a request it sends (an action run, a trigger lifecycle callback):
 * X-Shopify-Hmac-SHA256, the base64 HMAC-SHA256 of the raw body with the app's secret — checked
 * by the library, as authenticate.flow does. Only the signature header is handed over.
 */
export async function validateFlowRequest(rawBody: string, request: Request) {
  const headers = new Headers();
  const hmac = request.headers.get("x-shopify-hmac-sha256");
  if (hmac !== null) headers.set("x-shopify-hmac-sha256", hmac);
  const result = await api.flow.validate({
    rawBody,
    rawRequest: { method: request.method, url: request.url, headers },
  });
  return result.valid;
}
