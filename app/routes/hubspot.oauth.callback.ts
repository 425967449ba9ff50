// HubSpot redirects the browser here after the merchant installed the app in a portal. Nothing is
// exchanged here: this request carries no Shopify session, so it cannot prove which store it is
// for. The browser goes back into that store's embedded admin (the shop the state was issued to),
// where app.hubspot.tsx exchanges the code under the Shopify session — and refuses a state that
// belongs to another store.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { shopOfState } from "../crm/hubspot/oauth.server";
import db from "../db.server";
import { env } from "../env.server";
import { plain } from "../lib/http.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  const code = url.searchParams.get("code") ?? "";
  if (url.searchParams.get("error"))
    return plain(
      400,
      "HubSpot authorization was cancelled. Go back to Replyloop in your Shopify admin to try again.",
    );
  const shop = state ? await shopOfState(db, state) : undefined;
  if (!shop || !code)
    return plain(
      400,
      "This HubSpot authorization expired or is not valid. Start again from Replyloop in your Shopify admin.",
    );
  const store = shop.replace(/\.myshopify\.com$/, "");
  const target = new URL(`https://admin.shopify.com/store/${store}/apps/${env.SHOPIFY_API_KEY}/app/hubspot`);
  target.searchParams.set("code", code);
  target.searchParams.set("state", state);
  return redirect(target.toString());
};
