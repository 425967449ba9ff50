// Calling the embedded admin of the built app the way the Shopify admin does: a document load with
// `id_token` in the URL, and every other request (Remix data loads, form posts, downloads) with the
// session token App Bridge adds as `Authorization: Bearer`.
import { BROWSER_UA, hostParam, mintSessionToken } from "./shopify";

export type AdminClient = ReturnType<typeof adminClient>;

export function adminClient(baseUrl: string, shop: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${mintSessionToken(shop)}`,
    "User-Agent": BROWSER_UA,
    ...extra,
  });
  const withData = (path: string, routeId: string) =>
    `${baseUrl}${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
  return {
    shop,
    /** A page as the admin's iframe first loads it (server-rendered HTML). */
    page: (path: string) =>
      fetch(
        `${baseUrl}${path}${path.includes("?") ? "&" : "?"}embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${mintSessionToken(shop)}`,
        {
          headers: { "User-Agent": BROWSER_UA },
          redirect: "manual",
        },
      ),
    /** A route's loader data, as a client-side navigation fetches it. */
    load: (path: string, routeId: string) =>
      fetch(withData(path, routeId), { headers: headers(), redirect: "manual" }),
    /** A resource route (CSV, JSON downloads). */
    resource: (path: string) => fetch(`${baseUrl}${path}`, { headers: headers(), redirect: "manual" }),
    /** A form post to a route's action. */
    act: (path: string, routeId: string, form: Record<string, string>) =>
      fetch(withData(path, routeId), {
        method: "POST",
        headers: headers({ "Content-Type": "application/x-www-form-urlencoded" }),
        body: new URLSearchParams(form),
        redirect: "manual",
      }),
  };
}
