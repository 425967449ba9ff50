// Every test file gets its own local Shopify Admin GraphQL server (fakes/), so nothing the
// app does reaches for https://{shop}. seedShop() registers shops in it.
import { afterAll } from "vitest";
import { startFakeShopifyAdmin } from "../../fakes/shopify-admin-server";

export const fakeShopifyAdmin = await startFakeShopifyAdmin({
  app: { clientId: process.env.SHOPIFY_API_KEY ?? "", clientSecret: process.env.SHOPIFY_API_SECRET ?? "" },
});
process.env.SHOPIFY_ADMIN_API_ORIGIN = fakeShopifyAdmin.url;

afterAll(() => fakeShopifyAdmin.close());
