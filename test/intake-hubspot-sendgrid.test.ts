// Issue 3: HubSpot and SendGrid webhooks — verified, deduplicated, stored per shop.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The SendGrid verification key must be configured before the app reads its environment.
const sendgrid = await vi.hoisted(async () => {
  const { sendgridKeys } = await import("./helpers/signing");
  const keys = sendgridKeys();
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = keys.publicKey;
  return keys;
});

import db from "../app/db.server";
import { startBuiltApp } from "./helpers/app-server";
import { fixtureText } from "./helpers/fixtures";
import { seedShop } from "./helpers/shopify";
import { hubspotV3Headers, sendgridKeys } from "./helpers/signing";

const SHOP_A = "alpha-store.myshopify.com";
const SHOP_B = "bravo-store.myshopify.com";
const PORTAL = "62515";
const hubspotUrl = "http://127.0.0.1:3000/webhooks/hubspot"; // SHOPIFY_APP_URL + path: what HubSpot signs

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(SHOP_A);
  await seedShop(SHOP_B);
  for (const shop of [SHOP_A, SHOP_B]) {
    await db.crmConnection.create({
      data: { shop, portalId: PORTAL, authType: "private_app", accessTokenEnc: "x" },
    });
  }
  app = await startBuiltApp();
});
afterAll(() => app.close());

const postHubSpot = (body: string, headers: Record<string, string>) =>
  fetch(`${app.url}/webhooks/hubspot`, { method: "POST", headers, body });

describe("HubSpot webhooks", () => {
  const body = fixtureText("hubspot/contact.propertyChange.json");

  it("stores each event once per connected shop, deduplicated by portal and event id", async () => {
    const first = await postHubSpot(body, hubspotV3Headers({ url: hubspotUrl, body }));
    expect(first.status).toBe(200);
    // HubSpot retries: same events, new signature timestamp.
    const retry = await postHubSpot(
      body,
      hubspotV3Headers({ url: hubspotUrl, body, timestamp: Date.now() + 1 }),
    );
    expect(retry.status).toBe(200);
    const events = await db.event.findMany({
      where: { source: "hubspot" },
      orderBy: [{ shop: "asc" }, { dedupeKey: "asc" }],
    });
    expect(events.map((e) => [e.shop, e.topic, e.dedupeKey])).toEqual([
      [SHOP_A, "contact.propertyChange", `${PORTAL}:1001`],
      [SHOP_A, "contact.propertyChange", `${PORTAL}:1002`],
      [SHOP_B, "contact.propertyChange", `${PORTAL}:1001`],
      [SHOP_B, "contact.propertyChange", `${PORTAL}:1002`],
    ]);
  });

  it("acknowledges events of a portal no shop has connected, storing nothing", async () => {
    const before = await db.event.count();
    const other = body.replaceAll("62515", "99999");
    expect((await postHubSpot(other, hubspotV3Headers({ url: hubspotUrl, body: other }))).status).toBe(200);
    expect(await db.event.count()).toBe(before);
  });

  it("401 for a signature over another body, and for a timestamp 6 minutes old; nothing written", async () => {
    const before = await db.event.count();
    const signedOther = hubspotV3Headers({ url: hubspotUrl, body: body.replace("gold", "platinum") });
    expect((await postHubSpot(body, signedOther)).status).toBe(401);
    const stale = hubspotV3Headers({ url: hubspotUrl, body, timestamp: Date.now() - 6 * 60_000 });
    expect((await postHubSpot(body, stale)).status).toBe(401);
    expect((await postHubSpot(body, { "Content-Type": "application/json" })).status).toBe(401);
    expect(await db.event.count()).toBe(before);
  });

  it("400 for more than 100 events or malformed JSON; nothing written", async () => {
    const before = await db.event.count();
    const one = (JSON.parse(body) as object[])[0];
    const tooMany = JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ ...one, eventId: 5000 + i })));
    expect((await postHubSpot(tooMany, hubspotV3Headers({ url: hubspotUrl, body: tooMany }))).status).toBe(
      400,
    );
    const broken = body.slice(0, 50);
    expect((await postHubSpot(broken, hubspotV3Headers({ url: hubspotUrl, body: broken }))).status).toBe(400);
    expect(await db.event.count()).toBe(before);
  });
});

describe("SendGrid Event Webhook", () => {
  const events = [
    {
      email: "Jane@Example.com",
      timestamp: 1767225600,
      event: "delivered",
      sg_event_id: "sg-1",
      sg_message_id: "m1.filter",
      rl_shop: SHOP_A,
      rl_send: "send-1",
      rl_message: "msg-1",
    },
    {
      email: "jane@example.com",
      timestamp: 1767225700,
      event: "bounce",
      sg_event_id: "sg-2",
      sg_message_id: "m1.filter",
      rl_shop: SHOP_A,
      rl_send: "send-1",
      rl_message: "msg-1",
      type: "bounce",
      reason: "550 no such user",
    },
    {
      email: "someone@example.com",
      timestamp: 1767225800,
      event: "open",
      sg_event_id: "sg-3",
      sg_message_id: "other",
    },
  ];
  const body = JSON.stringify(events);

  it("stores our events once under the shop named in custom_args, skipping others", async () => {
    expect(
      (await fetch(`${app.url}/webhooks/sendgrid`, { method: "POST", headers: sendgrid.sign(body), body }))
        .status,
    ).toBe(200);
    expect(
      (await fetch(`${app.url}/webhooks/sendgrid`, { method: "POST", headers: sendgrid.sign(body), body }))
        .status,
    ).toBe(200);
    const stored = await db.event.findMany({ where: { source: "sendgrid" }, orderBy: { dedupeKey: "asc" } });
    expect(stored.map((e) => [e.shop, e.topic, e.dedupeKey, e.email])).toEqual([
      [SHOP_A, "delivered", "sg-1", "jane@example.com"],
      [SHOP_A, "bounce", "sg-2", "jane@example.com"],
    ]);
  });

  it("401 for a signature from another key; nothing written", async () => {
    const before = await db.event.count();
    const forged = sendgridKeys().sign(body);
    expect(
      (await fetch(`${app.url}/webhooks/sendgrid`, { method: "POST", headers: forged, body })).status,
    ).toBe(401);
    expect(
      (
        await fetch(`${app.url}/webhooks/sendgrid`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        })
      ).status,
    ).toBe(401);
    expect(await db.event.count()).toBe(before);
  });
});
