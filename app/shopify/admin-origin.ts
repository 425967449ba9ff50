// SHOPIFY_ADMIN_API_ORIGIN (tests and the sandbox): the requests the Shopify library makes to a
// shop's admin — token exchange and refresh at https://{shop}/admin/oauth/access_token — go to that
// origin instead, like Replyloop's own Admin GraphQL calls (app/shopify/admin.server.ts).
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function shopAdminFetch(origin: string, base: Fetch = (input, init) => fetch(input, init)): Fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (
      url.protocol !== "https:" ||
      !url.hostname.endsWith(".myshopify.com") ||
      !url.pathname.startsWith("/admin/")
    )
      return base(input, init);
    const target = new URL(`${url.pathname}${url.search}`, origin);
    return base(input instanceof Request ? new Request(target, input) : target, init);
  };
}
