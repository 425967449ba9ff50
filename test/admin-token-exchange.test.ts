// Issue 14, also observed: the first admin load of a store made two token exchanges with Shopify
// (the layout's and the page's loaders authenticate in parallel). One per session is what Shopify
// expects; the local Admin API stand-in answers token exchange and counts them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { adminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { fakeShopifyAdmin } from "./setup/fakes";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  app = await startBuiltApp();
});
afterAll(() => app?.close());

/** A store that installed the app but whose admin Replyloop has never opened: no session yet. */
function newStore(domain: string) {
  fakeShopifyAdmin.addShop({
    domain,
    accessToken: `shpat_unused_${domain.split(".")[0]}`,
    name: "New Store",
    email: `owner@${domain}`,
    currencyCode: "USD",
    ianaTimezone: "UTC",
    address: ["1 Main Street"],
  });
  return adminClient(app.url, domain);
}
const exchanges = (shop: string) => fakeShopifyAdmin.tokenExchanges.filter((t) => t.shop === shop);

describe("token exchange", () => {
  it("the first admin load (layout and page loaders in parallel) exchanges the session token once", async () => {
    const admin = newStore("first-load.myshopify.com");
    const res = await admin.page("/app");
    expect(res.status).toBe(200);
    expect(exchanges(admin.shop)).toHaveLength(1);
    expect(exchanges(admin.shop)[0]?.requestedTokenType).toBe(
      "urn:shopify:params:oauth:token-type:offline-access-token",
    );
    const session = await db.session.findFirst({ where: { shop: admin.shop, isOnline: false } });
    expect(session?.accessToken).toMatch(/^shpat_exchanged_/);

    // Later loads and client-side navigations use the stored session.
    expect((await admin.page("/app/answers")).status).toBe(200);
    expect((await admin.load("/app/hubspot", "routes/app.hubspot")).status).toBe(200);
    expect(exchanges(admin.shop)).toHaveLength(1);
  });

  it("two tabs opening a new store's admin at once: still one exchange", async () => {
    const admin = newStore("two-tabs.myshopify.com");
    const [a, b] = await Promise.all([admin.page("/app"), admin.page("/app/campaigns")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(exchanges(admin.shop)).toHaveLength(1);
  });

  it("an exchange Shopify refuses (a session token signed with another secret) stores nothing", async () => {
    const admin = newStore("forged.myshopify.com");
    const { mintSessionToken, hostParam } = await import("./helpers/shopify");
    const res = await fetch(
      `${app.url}/app?embedded=1&shop=${admin.shop}&host=${hostParam(admin.shop)}&id_token=${mintSessionToken(admin.shop, { secret: "not-the-app-secret" })}`,
      { redirect: "manual" },
    );
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(exchanges(admin.shop)).toHaveLength(0);
    expect(await db.session.count({ where: { shop: admin.shop } })).toBe(0);
  });
});
