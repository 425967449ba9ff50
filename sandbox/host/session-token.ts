// In the Shopify admin, App Bridge gives the embedded app a session token (an HS256 JWT signed with
// the app's secret) for every request. The sandbox has no Shopify admin, so it issues them itself,
// for the demo shop only.
import { createHmac, randomUUID } from "node:crypto";

const TTL_SECONDS = 60;
const b64url = (data: string) => Buffer.from(data).toString("base64url");

export function sandboxSessionToken(
  app: { apiKey: string; apiSecret: string },
  shop: string,
  now = Date.now(),
) {
  const issued = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: app.apiKey,
      sub: "1",
      exp: issued + TTL_SECONDS,
      nbf: issued - 5,
      iat: issued - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", app.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return { token: `${header}.${payload}.${signature}`, expiresAt: (issued + TTL_SECONDS) * 1000 };
}

/** The `host` parameter Shopify adds to embedded app URLs. */
export const hostParam = (shop: string) =>
  Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
