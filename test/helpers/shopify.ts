// Stand-ins for what Shopify does to reach the app: signed webhooks, App Bridge session tokens,
// and an installed shop (offline session + Shop row).
import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { SHOPIFY_API_VERSION } from "../../app/shopify/api-version";
import type { FakeCustomer } from "../../fakes/shopify-admin-server";
import { fakeShopifyAdmin } from "../setup/fakes";

export const TEST_SHOP = "demo-store.myshopify.com";
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const apiKey = () => process.env.SHOPIFY_API_KEY ?? "";
const apiSecret = () => process.env.SHOPIFY_API_SECRET ?? "";
const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** An App Bridge session token (HS256 JWT signed with the app secret), as the admin sends it. */
export function mintSessionToken(
  shop: string,
  opts: { secret?: string; ttlSeconds?: number; userId?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey(),
      sub: opts.userId ?? "42",
      exp: now + (opts.ttlSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", opts.secret ?? apiSecret())
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The `host` query parameter Shopify adds to embedded app URLs. */
export const hostParam = (shop: string) =>
  Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");

export type WebhookDelivery = {
  topic: string;
  body: unknown;
  shop?: string;
  secret?: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
  rawBody?: string;
};

/** Headers and raw body of a webhook delivery, signed the way Shopify signs it (HMAC of the raw body). */
export function signWebhook(delivery: WebhookDelivery) {
  const raw = delivery.rawBody ?? JSON.stringify(delivery.body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": createHmac("sha256", delivery.secret ?? apiSecret())
      .update(raw, "utf8")
      .digest("base64"),
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Shop-Domain": delivery.shop ?? TEST_SHOP,
    "X-Shopify-API-Version": SHOPIFY_API_VERSION,
    "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": delivery.triggeredAt ?? new Date().toISOString(),
  };
  return { headers, body: raw };
}

/** A webhook as a Request for a route action, or to send over HTTP with fetch. */
export function webhookRequest(url: string, delivery: WebhookDelivery) {
  const { headers, body } = signWebhook(delivery);
  return new Request(url, { method: "POST", headers, body });
}

/**
 * An installed shop: its offline session (so no token exchange leaves the machine), its row, and the
 * same shop in this file's local Admin API (fakes/shopify-admin-server.ts).
 */
export async function seedShop(
  shop = TEST_SHOP,
  opts: { name?: string; accessToken?: string; timezone?: string; customers?: FakeCustomer[] } = {},
) {
  const accessToken = opts.accessToken ?? `shpat_test_${shop.split(".")[0]}`;
  fakeShopifyAdmin.addShop({
    domain: shop,
    accessToken,
    name: opts.name ?? shop.split(".")[0]!,
    email: `owner@${shop}`,
    currencyCode: "USD",
    ianaTimezone: opts.timezone ?? "UTC",
    address: ["1 Main Street", "Springfield"],
    customers: opts.customers ?? [],
  });
  const { sessionStorage } = await import("../../app/shopify.server");
  const { default: db } = await import("../../app/db.server");
  const { recordInstall } = await import("../../app/shops/shops.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: process.env.SCOPES ?? "read_customers,write_customers,read_orders",
      accessToken,
    }),
  );
  await recordInstall(db, shop);
  await db.shop.update({
    where: { domain: shop },
    data: { name: opts.name ?? shop.split(".")[0]!, timezone: opts.timezone ?? "UTC" },
  });
  return shop;
}
