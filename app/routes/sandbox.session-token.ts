import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSandbox, sandboxShop } from "../sandbox/sandbox.server";
import { sandboxSessionToken } from "../sandbox/session-token.server";

// A fresh session token for a sandbox store: what App Bridge would hand the embedded admin. The
// stand-in App Bridge asks for the store it was opened for (the `shop` of the page's first URL).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  requireSandbox();
  const shop = sandboxShop(new URL(request.url).searchParams.get("shop"));
  if (!shop) return new Response("Not a sandbox store", { status: 404 });
  return Response.json(sandboxSessionToken(shop), { headers: { "Cache-Control": "no-store" } });
};
