import { redirect } from "@remix-run/node";
import { requireSandbox, sandboxSeed } from "../sandbox/sandbox.server";
import { hostParam, sandboxSessionToken } from "../sandbox/session-token.server";

// Opens the embedded admin as the Shopify admin would: shop, host and a session token in the URL.
export const loader = async () => {
  requireSandbox();
  const shop = sandboxSeed().shop.domain;
  const { token } = sandboxSessionToken(shop);
  return redirect(`/app?embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${token}`);
};
