// What Shopify's Thank-you and Order status pages do to reach the app: the survey block's session
// token (an HS256 JWT signed with the app's secret: the shop in `dest`, the logged-in customer in
// `sub`), and its requests from a web worker — a `null` origin, a CORS preflight, a bearer token.
import { createHmac, randomUUID } from "node:crypto";
import { ANSWERS_PATH, SURVEY_PATH } from "../../extensions/post-purchase-survey/src/api";
import { BROWSER_UA } from "./shopify";

const b64url = (data: string) => Buffer.from(data).toString("base64url");

/** A checkout / customer account session token, as `shopify.sessionToken.get()` returns it. */
export function mintCheckoutToken(
  shop: string,
  opts: { customerId?: string; ttlSeconds?: number; secret?: string; audience?: string; now?: number } = {},
) {
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      dest: shop,
      aud: opts.audience ?? process.env.SHOPIFY_API_KEY ?? "",
      ...(opts.customerId ? { sub: `gid://shopify/Customer/${opts.customerId}` } : {}),
      exp: now + (opts.ttlSeconds ?? 300),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", opts.secret ?? process.env.SHOPIFY_API_SECRET ?? "")
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export const orderGid = (id: number | string) => `gid://shopify/Order/${id}`;

export type AnswerBody = {
  surface?: "thank_you" | "order_status";
  orderId: string;
  questionKey: string;
  value: string;
  idempotencyKey?: string;
  locale?: string;
};

/** The block's requests, with the token `token()` gives (none when it gives undefined). */
export function surveyBlock(baseUrl: string, token: () => string | undefined) {
  const headers = (extra: Record<string, string> = {}) => {
    const bearer = token();
    return {
      Origin: "null",
      "User-Agent": BROWSER_UA,
      Accept: "application/json",
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...extra,
    };
  };
  return {
    survey: (orderId: string, opts: { surface?: string; locale?: string } = {}) =>
      fetch(
        `${baseUrl}${SURVEY_PATH}?${new URLSearchParams({
          surface: opts.surface ?? "thank_you",
          orderId,
          locale: opts.locale ?? "en",
        }).toString()}`,
        { headers: headers() },
      ),
    answer: (body: AnswerBody) =>
      fetch(`${baseUrl}${ANSWERS_PATH}`, {
        method: "POST",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify({
          surface: "thank_you",
          locale: "en",
          idempotencyKey: randomUUID(),
          ...body,
        }),
      }),
    raw: (init: { method: string; body?: string; headers?: Record<string, string>; path?: string }) =>
      fetch(`${baseUrl}${init.path ?? ANSWERS_PATH}`, {
        method: init.method,
        body: init.body,
        headers: { ...headers(), ...init.headers },
      }),
    /** What the browser sends before a cross-origin POST with a bearer token and a JSON body. */
    preflight: (path: string) =>
      fetch(`${baseUrl}${path}`, {
        method: "OPTIONS",
        headers: {
          Origin: "null",
          "User-Agent": BROWSER_UA,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization,content-type",
        },
      }),
  };
}
