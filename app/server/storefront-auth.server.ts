// The survey block's requests (extensions/post-purchase-survey) come from a web worker on Shopify's
// Thank-you and Order status pages: a `null` origin, a CORS preflight first, and the buyer's session
// token as a bearer. The Shopify library verifies the token (authenticate.public.checkout on the
// Thank-you page, authenticate.public.customerAccount on the Order status page) and answers the
// preflight; here the shop and the customer are read from the verified token — never from the
// request — and every answer, refusals included, carries the CORS headers the block needs to read it.
import { json } from "@remix-run/node";
import type { Buyer } from "../answers/page-answers.server";
import type { Surface } from "../answers/page-survey";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";
import { numericId } from "../shopify/ids";
import { sanitizeShop } from "../shopify/webhook-verifier.server";

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
};

function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(CORS)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** A JSON answer the block can read. */
export const corsJson = (body: unknown, status = 200) => withCors(json(body, { status }));

/** The shop a token is for: `dest` is the shop's domain (with or without https://). */
function shopOf(dest: unknown): string | null {
  if (typeof dest !== "string" || dest === "") return null;
  try {
    return sanitizeShop(dest.includes("://") ? new URL(dest).hostname : dest);
  } catch {
    return null;
  }
}

/** `sub`, when the buyer is logged in: gid://shopify/Customer/<id>. */
const customerOf = (sub: unknown) =>
  typeof sub === "string" && /^gid:\/\/shopify\/Customer\/\d+$/.test(sub) ? numericId(sub) : null;

/**
 * The buyer behind a request of the block, or a thrown Response: 204 for a preflight, 401 for a
 * missing, forged or expired token (or one for another app), 410 for a bot — each with CORS.
 */
export async function authenticateBuyer(request: Request, surface: Surface): Promise<Buyer> {
  const verify =
    surface === "order_status" ? authenticate.public.customerAccount : authenticate.public.checkout;
  try {
    const { sessionToken } = await verify(request, { corsHeaders: ["Accept"] });
    const shop = shopOf(sessionToken.dest);
    if (!shop || sessionToken.aud !== env.SHOPIFY_API_KEY)
      throw new Response(undefined, { status: 401, statusText: "Unauthorized" });
    return { shop, customerId: customerOf(sessionToken.sub) };
  } catch (thrown) {
    if (thrown instanceof Response) throw withCors(thrown);
    throw thrown;
  }
}
