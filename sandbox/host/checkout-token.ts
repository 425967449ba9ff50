// On Shopify's Thank-you page the survey block gets a session token from `shopify.sessionToken.get()`:
// an HS256 JWT signed with the app's secret, naming the shop (`dest`), the app (`aud`) and, when the
// buyer is logged in, the customer (`sub`), valid for five minutes. The sandbox has no checkout, so
// it issues the same token for its demo store's orders.
import { createHmac, randomUUID } from "node:crypto";

const TTL_SECONDS = 5 * 60;
const b64url = (data: string) => Buffer.from(data).toString("base64url");

export function checkoutSessionToken(
  app: { apiKey: string; apiSecret: string },
  shop: string,
  customerId: string | null,
  now = Date.now(),
) {
  const issued = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      dest: shop,
      aud: app.apiKey,
      ...(customerId ? { sub: `gid://shopify/Customer/${customerId}` } : {}),
      exp: issued + TTL_SECONDS,
      nbf: issued - 5,
      iat: issued - 5,
      jti: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", app.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return { token: `${header}.${payload}.${signature}`, expiresAt: (issued + TTL_SECONDS) * 1000 };
}
