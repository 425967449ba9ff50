// Issue 6 acceptance at the HTTP edges of the built app: signed HubSpot webhooks processed by the
// CRM handlers (privacy deletion, a rep's VIP tier change, the echo of our own write), and the
// CRM card's backend (signed → that contact's history for that portal only; unsigned → 401).
import { fakeHubSpot as fake } from "../fakes/local-hubspot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./helpers/fixtures";
import { decryptToken } from "../app/crm/hubspot/token-crypto.server";
import db from "../app/db.server";
import { env } from "../app/env.server";
import { startBuiltApp } from "./helpers/app-server";
import { runJobs } from "./helpers/jobs";
import { BROWSER_UA, hostParam, mintSessionToken, seedShop } from "./helpers/shopify";
import { hubspotV3Headers } from "./helpers/signing";

const PORTAL = "62515"; // the fixtures' portal
const OTHER_PORTAL = "99999";
const SHOP = "vip-store.myshopify.com";
const SISTER = "sister-store.myshopify.com"; // same portal
const STRANGER = "stranger-store.myshopify.com"; // another portal
const APP_ID = 54321; // the fixtures' appId
const JANE = "jane@example.com";
const JOE = "joe@example.com";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
const publicUrl = (path: string) => `${process.env.SHOPIFY_APP_URL}${path}`;
/** HubSpot signs the URI with a few characters (here "@") decoded, as its docs list. */
const signedAsHubSpot = (path: string) => publicUrl(path).replaceAll("%40", "@");

async function connection(shop: string, portalId: string) {
  await seedShop(shop);
  await db.crmConnection.create({
    data: { shop, portalId, authType: "private_app", accessTokenEnc: "v1.x.y.z", status: "connected" },
  });
}

async function answerOf(
  shop: string,
  email: string,
  questionKey: string,
  value: string,
  at: string,
  campaign = "post_purchase",
) {
  await db.answer.create({
    data: {
      shop,
      messageId: `m-${shop}-${email}-${questionKey}-${at}`,
      campaign,
      questionKey,
      value,
      email,
      channel: "html",
      answeredAt: new Date(at),
    },
  });
}

async function deliverHubSpot(events: unknown[]) {
  const body = JSON.stringify(events);
  return fetch(`${app.url}/webhooks/hubspot`, {
    method: "POST",
    headers: hubspotV3Headers({ url: publicUrl("/webhooks/hubspot"), body }),
    body,
  });
}

beforeAll(async () => {
  await connection(SHOP, PORTAL);
  await connection(SISTER, PORTAL);
  await connection(STRANGER, OTHER_PORTAL);
  // HubSpot contact 123 is Jane (known from an earlier upsert), 124 is Joe.
  await db.crmContact.createMany({
    data: [
      { shop: SHOP, portalId: PORTAL, hubspotId: "123", email: JANE },
      { shop: SISTER, portalId: PORTAL, hubspotId: "123", email: JANE },
      { shop: SHOP, portalId: PORTAL, hubspotId: "124", email: JOE },
      { shop: STRANGER, portalId: OTHER_PORTAL, hubspotId: "123", email: JANE },
    ],
  });
  app = await startBuiltApp();
});
afterAll(async () => {
  await app.close();
  await fake.stop();
});

describe("CRM card backend", () => {
  beforeAll(async () => {
    await answerOf(SHOP, JANE, "nps", "9", "2026-02-01T10:00:00Z");
    await answerOf(SHOP, JANE, "nps_loved", "delivery", "2026-02-01T10:01:00Z");
    await answerOf(
      SISTER,
      JANE,
      "cart_abandon_reason",
      "shipping_cost",
      "2026-02-03T08:00:00Z",
      "abandoned_cart",
    );
    await answerOf(STRANGER, JANE, "nps", "2", "2026-02-05T08:00:00Z"); // another portal: never shown
    await answerOf(SHOP, JOE, "nps", "5", "2026-02-02T08:00:00Z");
    await db.customer.create({
      data: { shop: SHOP, shopifyId: "555", email: JANE, tags: [], vipTier: "gold" },
    });
  });

  const cardPath = (objectId: string, portalId = PORTAL) =>
    `/hubspot/card?objectId=${objectId}&userId=1&userEmail=rep%40example.com&appId=${APP_ID}&portalId=${portalId}`;

  it("a signed request gets that contact's history for that portal only, newest first", async () => {
    const path = cardPath("123");
    const res = await fetch(`${app.url}${path}`, {
      headers: hubspotV3Headers({ url: signedAsHubSpot(path), body: "", method: "GET" }),
    });
    expect(res.status).toBe(200);
    const card = (await res.json()) as {
      email: string;
      vipTier: string;
      lastNps: { score: number };
      answers: { shop: string; question: string; answer: string; campaign: string; answeredAt: string }[];
    };
    expect(card).toMatchObject({ email: JANE, vipTier: "gold", lastNps: { score: 9 } });
    expect(card.answers.map((a) => [a.shop, a.answer, a.answeredAt])).toEqual([
      [SISTER, "Shipping cost", "2026-02-03T08:00:00.000Z"],
      [SHOP, "Fast delivery", "2026-02-01T10:01:00.000Z"],
      [SHOP, "9", "2026-02-01T10:00:00.000Z"],
    ]);
    expect(card.answers[0]).toMatchObject({
      question: "What stopped you from completing your order?",
      campaign: "Abandoned cart",
    });
    expect(JSON.stringify(card)).not.toContain(JOE);
  });

  it("the same contact id in another portal sees that portal's data", async () => {
    const path = cardPath("123", OTHER_PORTAL);
    const res = await fetch(`${app.url}${path}`, {
      headers: hubspotV3Headers({ url: signedAsHubSpot(path), body: "", method: "GET" }),
    });
    const card = (await res.json()) as { answers: { shop: string }[] };
    expect(card.answers.map((a) => a.shop)).toEqual([STRANGER]);
  });

  it("stays within HubSpot's 1 MB response limit for a contact with a very long history", async () => {
    const busy = "busy@example.com";
    await db.crmContact.create({ data: { shop: SHOP, portalId: PORTAL, hubspotId: "900", email: busy } });
    await db.answer.createMany({
      data: Array.from({ length: 600 }, (_, i) => ({
        shop: SHOP,
        messageId: `busy-${i}`,
        campaign: "post_purchase",
        questionKey: `custom_${i}`,
        value: "x".repeat(3000),
        email: busy,
        channel: "html",
        answeredAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    });
    const path = cardPath("900");
    const started = Date.now();
    const res = await fetch(`${app.url}${path}`, {
      headers: hubspotV3Headers({ url: signedAsHubSpot(path), body: "", method: "GET" }),
    });
    const text = await res.text();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const card = JSON.parse(text) as { answers: { answeredAt: string }[]; truncated: boolean };
    expect(card.answers.length).toBeGreaterThan(200);
    expect(card.answers.length).toBeLessThan(600);
    expect(card.truncated).toBe(true);
    expect(card.answers[0]!.answeredAt).toBe(new Date(Date.UTC(2026, 0, 1, 0, 599)).toISOString());
  });

  it("an invalid, missing or stale signature gets 401", async () => {
    const path = cardPath("123");
    const forged = hubspotV3Headers({
      url: signedAsHubSpot(path),
      body: "",
      method: "GET",
      secret: "not-our-secret",
    });
    expect((await fetch(`${app.url}${path}`, { headers: forged })).status).toBe(401);
    expect((await fetch(`${app.url}${path}`)).status).toBe(401);
    const stale = hubspotV3Headers({
      url: signedAsHubSpot(path),
      body: "",
      method: "GET",
      timestamp: Date.now() - 10 * 60_000,
    });
    expect((await fetch(`${app.url}${path}`, { headers: stale })).status).toBe(401);
    // A signature for another portal's URL does not open this one.
    const other = hubspotV3Headers({
      url: signedAsHubSpot(cardPath("123", OTHER_PORTAL)),
      body: "",
      method: "GET",
    });
    expect((await fetch(`${app.url}${path}`, { headers: other })).status).toBe(401);
  });
});

describe("CRM webhooks", () => {
  const tierEvent = (eventId: number, overrides: Record<string, unknown>) => ({
    ...fixture<Record<string, unknown>[]>("hubspot/contact.propertyChange.json")[0],
    eventId,
    objectId: 123,
    propertyName: "replyloop_vip_tier",
    ...overrides,
  });

  it("a rep setting replyloop_vip_tier changes the customer's tier, with a decision", async () => {
    await db.customer.create({
      data: { shop: SISTER, shopifyId: "777", email: JANE, tags: [], vipTier: "none" },
    });
    const res = await deliverHubSpot([
      tierEvent(9001, { propertyValue: "silver", changeSource: "CRM_UI", sourceId: "userId:12345" }),
    ]);
    expect(res.status).toBe(200);
    await runJobs();
    expect((await db.customer.findFirstOrThrow({ where: { shop: SISTER, email: JANE } })).vipTier).toBe(
      "silver",
    );
    const decisions = await db.decision.findMany({ where: { shop: SISTER, kind: "tier_changed" } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      email: JANE,
      detail: { from: "none", to: "silver", source: "crm" },
    });
  });

  it("the echo of our own write changes nothing", async () => {
    const res = await deliverHubSpot([
      tierEvent(9002, {
        propertyValue: "gold",
        changeSource: "INTEGRATION",
        sourceId: String(APP_ID),
        appId: APP_ID,
      }),
    ]);
    expect(res.status).toBe(200);
    await runJobs();
    expect((await db.customer.findFirstOrThrow({ where: { shop: SISTER, email: JANE } })).vipTier).toBe(
      "silver",
    );
    expect(await db.decision.count({ where: { shop: SISTER, kind: "tier_changed" } })).toBe(1);
    expect(await db.event.findFirst({ where: { shop: SISTER, dedupeKey: `${PORTAL}:9002` } })).toMatchObject({
      state: "processed",
    });
  });

  it("a signed contact.privacyDeletion erases that contact's answers in the portal's shops, and nobody else's", async () => {
    expect(await db.answer.count({ where: { email: JANE, shop: { in: [SHOP, SISTER] } } })).toBeGreaterThan(
      0,
    );
    await db.crmWrite.create({
      data: {
        shop: SHOP,
        email: JANE,
        property: "replyloop_vip_tier",
        value: "gold",
        eventAt: new Date(),
        nextAttemptAt: new Date(),
      },
    });
    const res = await deliverHubSpot(fixture<unknown[]>("hubspot/contact.privacyDeletion.json"));
    expect(res.status).toBe(200);
    await runJobs();
    expect(await db.answer.count({ where: { email: JANE, shop: { in: [SHOP, SISTER] } } })).toBe(0);
    expect(await db.customer.count({ where: { email: JANE, shop: { in: [SHOP, SISTER] } } })).toBe(0);
    expect(await db.crmWrite.count({ where: { email: JANE } })).toBe(0); // nothing recreates her in HubSpot
    expect(await db.crmContact.count({ where: { hubspotId: "123", portalId: PORTAL } })).toBe(0);
    // Joe, and Jane's answers in a shop on another portal, stay.
    expect(await db.answer.count({ where: { email: JOE } })).toBe(1);
    expect(await db.answer.count({ where: { email: JANE, shop: STRANGER } })).toBe(1);
  });
});

describe("the merchant's HubSpot page and the OAuth round trip", () => {
  const MERCHANT = "merchant-store.myshopify.com";
  const RIVAL = "rival-store.myshopify.com";
  const embedded = (shop: string, query = "") =>
    `${app.url}/app/hubspot?embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${mintSessionToken(shop)}${query}`;
  const post = (shop: string, form: Record<string, string>) =>
    fetch(`${app.url}/app/hubspot?_data=routes%2Fapp.hubspot`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${mintSessionToken(shop)}`,
        "User-Agent": BROWSER_UA,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(form),
    });

  beforeAll(async () => {
    await seedShop(MERCHANT, { name: "Merchant Store" });
    await seedShop(RIVAL);
  });

  it("starts OAuth under the session, comes back through the callback into that store's admin, and connects only that store", async () => {
    const started = await post(MERCHANT, { intent: "oauth" });
    expect(started.status).toBe(200);
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    const code = fake.authorizationCode("5150");

    const callback = await fetch(`${app.url}/hubspot/oauth/callback?code=${code}&state=${state}`, {
      redirect: "manual",
    });
    expect(callback.status).toBe(302);
    const back = new URL(callback.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(
      `https://admin.shopify.com/store/merchant-store/apps/${process.env.SHOPIFY_API_KEY}/app/hubspot`,
    );
    expect(back.searchParams.get("code")).toBe(code);

    // Another store's session cannot use this state.
    const rival = await fetch(embedded(RIVAL, `&code=${code}&state=${state}`), {
      headers: { "User-Agent": BROWSER_UA },
      redirect: "manual",
    });
    expect(await rival.text()).toContain("started by another store");
    expect(await db.crmConnection.findUnique({ where: { shop: RIVAL } })).toBeNull();

    const own = await fetch(embedded(MERCHANT, `&code=${code}&state=${state}`), {
      headers: { "User-Agent": BROWSER_UA },
      redirect: "manual",
    });
    expect(own.status).toBeLessThan(500);
    expect(await db.crmConnection.findUnique({ where: { shop: MERCHANT } })).toMatchObject({
      portalId: "5150",
      authType: "oauth",
      status: "connected",
    });
  });

  it("shows the portal, status, last write and waiting writes of the session's store only", async () => {
    await db.crmWrite.create({
      data: {
        shop: MERCHANT,
        email: "w@example.com",
        property: "replyloop_vip_tier",
        value: "gold",
        eventAt: new Date(),
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    });
    const res = await fetch(embedded(MERCHANT), { headers: { "User-Agent": BROWSER_UA } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("5150");
    expect(html).toContain("connected");
    expect(html).toContain("Writes waiting: <!-- -->1");
    expect(html).toContain("replyloop_vip_tier");
    expect(html).not.toContain(PORTAL);
  });

  it("connects with a pasted token, and disconnects", async () => {
    const token = fake.addPortal("6160");
    const connected = await post(RIVAL, { intent: "token", token, requestsPer10s: "150" });
    expect(await connected.json()).toMatchObject({
      ok: true,
      message: expect.stringContaining("6160") as string,
    });
    expect(await db.crmConnection.findUnique({ where: { shop: RIVAL } })).toMatchObject({
      portalId: "6160",
      authType: "private_app",
      requestsPer10s: 150,
    });
    const gone = await post(RIVAL, { intent: "disconnect" });
    // A private-app token cannot be revoked by Replyloop: the merchant is told where to do it.
    expect((await gone.json()) as unknown).toMatchObject({
      ok: true,
      message: expect.stringContaining("Private apps") as string,
    });
    expect(fake.calls({ path: "/oauth/2026-03/token/revoke" })).toEqual([]);
    expect(await db.crmConnection.findUnique({ where: { shop: RIVAL } })).toMatchObject({
      status: "disconnected",
      accessTokenEnc: "",
    });
    // The merchant's own connection is untouched.
    expect(await db.crmConnection.findUnique({ where: { shop: MERCHANT } })).toMatchObject({
      status: "connected",
    });
  });

  it("disconnecting an OAuth connection revokes its grant at HubSpot", async () => {
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: MERCHANT } });
    const refreshToken = decryptToken(conn.refreshTokenEnc ?? "", env.TOKEN_ENCRYPTION_KEY);
    const refresh = () =>
      fetch(`${fake.url}/oauth/2026-03/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          client_id: process.env.HUBSPOT_CLIENT_ID ?? "",
          client_secret: process.env.HUBSPOT_CLIENT_SECRET ?? "",
          refresh_token: refreshToken,
        }),
      });
    expect((await refresh()).status).toBe(200); // usable until the merchant disconnects

    const gone = await post(MERCHANT, { intent: "disconnect" });
    expect((await gone.json()) as unknown).toMatchObject({
      ok: true,
      message: expect.stringContaining("revoked in HubSpot") as string,
    });
    expect(await db.crmConnection.findUnique({ where: { shop: MERCHANT } })).toMatchObject({
      status: "disconnected",
      accessTokenEnc: "",
      refreshTokenEnc: null,
    });
    expect(fake.calls({ path: "/oauth/2026-03/token/revoke" }).map((c) => c.status)).toEqual([200]);
    expect((await refresh()).status).toBe(400); // HubSpot no longer honours it
  });
});
