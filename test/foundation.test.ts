// Issue 2 acceptance: the app installs, authenticates the embedded admin offline, and handles the
// uninstall webhook safely.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { startBuiltApp } from "./helpers/app-server";
import {
  BROWSER_UA,
  TEST_SHOP,
  hostParam,
  mintSessionToken,
  seedShop,
  webhookRequest,
} from "./helpers/shopify";
import { blockedHosts } from "./setup/guards";
import { deliverWebhook } from "./helpers/webhooks";

const callAction = (request: Request) => deliverWebhook(request);
const uninstallUrl = "http://127.0.0.1:3000/webhooks/app/uninstalled";
const uninstallBody = { id: 1, name: "Demo store", domain: TEST_SHOP };

describe("app/uninstalled webhook", () => {
  beforeAll(async () => {
    await seedShop(TEST_SHOP, { name: "Demo store" });
  });

  it("rejects a wrong HMAC with 401 and changes nothing", async () => {
    const res = await callAction(
      webhookRequest(uninstallUrl, {
        topic: "app/uninstalled",
        body: uninstallBody,
        secret: "not-the-secret",
      }),
    );
    expect(res.status).toBe(401);
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
    expect(await db.event.count()).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt).toBeNull();
  });

  it("answers 200 and deletes the shop's sessions; a second delivery is harmless", async () => {
    const first = await callAction(
      webhookRequest(uninstallUrl, { topic: "app/uninstalled", body: uninstallBody }),
    );
    expect(first.status).toBe(200);
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    expect(shop.uninstalledAt).toBeInstanceOf(Date);

    const again = await callAction(
      webhookRequest(uninstallUrl, { topic: "app/uninstalled", body: uninstallBody }),
    );
    expect(again.status).toBe(200);
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt).toEqual(
      shop.uninstalledAt,
    );
  });
});

describe("embedded admin, offline", () => {
  let app: Awaited<ReturnType<typeof startBuiltApp>>;
  const other = "other-store.myshopify.com";

  beforeAll(async () => {
    await seedShop(other, { name: "Other Store Ltd" });
    app = await startBuiltApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("GET /app with a minted session token shows that shop's Polaris dashboard", async () => {
    const token = mintSessionToken(other);
    const url = `${app.url}/app?embedded=1&shop=${other}&host=${hostParam(other)}&id_token=${token}`;
    const res = await fetch(url, { headers: { "User-Agent": BROWSER_UA } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Other Store Ltd");
    expect(html).toContain("Polaris"); // Polaris class names / stylesheet
    expect(blockedHosts()).toEqual([]);
  });

  it("answers 401 to a session token signed with another secret", async () => {
    const token = mintSessionToken(other, { secret: "someone-elses-secret" });
    const res = await fetch(`${app.url}/app`, {
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
    });
    expect(res.status).toBe(401);
    expect(blockedHosts()).toEqual([]);
  });

  it("serves /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});
