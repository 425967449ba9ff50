import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireSandbox, sandboxShop } from "../sandbox/sandbox.server";
import { hostParam, sandboxSessionToken } from "../sandbox/session-token.server";

// Opens the embedded admin as the Shopify admin would: shop, host and a session token in the URL.
// ?shop= picks another of the sandbox's stores (the agency's second client).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  requireSandbox();
  const shop = sandboxShop(new URL(request.url).searchParams.get("shop"));
  if (!shop) return new Response("Not a sandbox store", { status: 404 });
  const { token } = sandboxSessionToken(shop);
  return redirect(`/app?embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${token}`);
};
