// Issue 6 acceptance against the fake HubSpot: connecting (pasted token and OAuth), property
// provisioning, tokens at rest, and the write-behind flusher (batching, last value wins, outages).
import { fakeHubSpot as fake } from "../fakes/local-hubspot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerProperties } from "../app/crm/properties";
import { BASE_PROPERTIES } from "../app/crm/properties";
import { accessTokenFor, connectWithToken } from "../app/crm/hubspot/connection.server";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import { completeOAuth, HUBSPOT_SCOPES, startOAuth } from "../app/crm/hubspot/oauth.server";
import { recordCrmChange } from "../app/crm/writes.server";
import { writeEvent } from "../app/intake/event-writer.server";
import db from "../app/db.server";
import { ManualClock, MINUTE } from "../app/lib/clock";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

afterAll(() => fake.stop());

const SHOP_A = "alpha.myshopify.com";
const SHOP_B = "bravo.myshopify.com";
const SHOP_C = "charlie.myshopify.com";
const P1 = "1001";
const P2 = "2002";
const propertyCount = () =>
  fake.calls({ path: "/crm/v3/properties/contacts", method: "POST" }).filter((r) => r.status === 201).length;

describe("connect with a pasted token", () => {
  let token: string;
  beforeAll(async () => {
    await seedShop(SHOP_A);
    token = fake.addPortal(P1);
  });

  it("creates the group and every property once; connecting again creates nothing new", async () => {
    const result = await connectWithToken(db, { shop: SHOP_A, token });
    expect(result).toEqual({ ok: true, portalId: P1 });
    await runJobs();
    const portal = fake.portals.get(P1)!;
    expect([...portal.groups.keys()]).toEqual(["replyloop"]);
    for (const p of BASE_PROPERTIES)
      expect(portal.properties.get(p.name)).toMatchObject({ type: p.type, groupName: "replyloop" });
    // The built-in NPS follow-ups get their own properties too.
    expect(portal.properties.get("replyloop_q_nps_loved")?.type).toBe("enumeration");
    const created = propertyCount();
    expect(created).toBeGreaterThanOrEqual(BASE_PROPERTIES.length);
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_A } });
    expect(Object.values(conn.properties as Record<string, string>).every((s) => s === "created")).toBe(true);

    expect(await connectWithToken(db, { shop: SHOP_A, token })).toEqual({ ok: true, portalId: P1 });
    await runJobs();
    expect(propertyCount()).toBe(created);
    expect(fake.calls({ path: "/crm/v3/properties/contacts/groups" }).map((r) => r.status)).toEqual([
      201, 409,
    ]);
    const again = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_A } });
    expect(Object.values(again.properties as Record<string, string>).every((s) => s === "exists")).toBe(true);
  });

  it("refuses a token HubSpot does not accept", async () => {
    expect(await connectWithToken(db, { shop: SHOP_A, token: "pat-wrong" })).toMatchObject({ ok: false });
  });

  it("stores tokens only encrypted: no column of the row holds them in plain text", async () => {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "CrmConnection"`);
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(8, 30));
    expect(dump).not.toContain(Buffer.from(token).toString("base64").slice(0, 20));
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_A } });
    expect(await accessTokenFor(db, conn, { now: new Date() })).toEqual({ ok: true, token });
  });
});

describe("a rep's tier change on a contact Replyloop never wrote", () => {
  it("asks HubSpot for the contact's email, then changes the customer's tier", async () => {
    const token = fake.addPortal(P1);
    const created = await fetch(`${fake.url}/crm/v3/objects/contacts/batch/upsert`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        inputs: [{ id: "rep-made@example.com", idProperty: "email", properties: { firstname: "Rita" } }],
      }),
    });
    const hubspotId = ((await created.json()) as { results: { id: string }[] }).results[0]!.id;
    await db.customer.create({
      data: { shop: SHOP_A, shopifyId: "9001", email: "rep-made@example.com", tags: [], vipTier: "none" },
    });
    await writeEvent({
      shop: SHOP_A,
      source: "hubspot",
      topic: "contact.propertyChange",
      dedupeKey: `${P1}:777001`,
      payload: {
        eventId: 777001,
        portalId: Number(P1),
        appId: 54321,
        occurredAt: Date.now(),
        subscriptionType: "contact.propertyChange",
        attemptNumber: 0,
        objectId: Number(hubspotId),
        propertyName: "replyloop_vip_tier",
        propertyValue: "gold",
        changeSource: "CRM_UI",
        sourceId: "userId:1",
      },
    });
    await runJobs();
    expect(
      (await db.customer.findFirstOrThrow({ where: { shop: SHOP_A, email: "rep-made@example.com" } }))
        .vipTier,
    ).toBe("gold");
    expect(
      await db.crmContact.findUnique({ where: { shop_hubspotId: { shop: SHOP_A, hubspotId } } }),
    ).toMatchObject({ email: "rep-made@example.com" });
    expect(fake.calls({ path: `/crm/v3/objects/contacts/${hubspotId}` })).toHaveLength(1);
  });
});

describe("OAuth", () => {
  beforeAll(async () => {
    await seedShop(SHOP_B);
    await seedShop(SHOP_C);
  });

  it("authorize URL carries the scopes and a state; another shop cannot use the state; the callback's code is exchanged", async () => {
    const url = new URL(await startOAuth(db, SHOP_B));
    expect(`${url.origin}${url.pathname}`).toBe("https://app.hubspot.com/oauth/authorize");
    expect(url.searchParams.get("scope")?.split(" ")).toEqual([...HUBSPOT_SCOPES]);
    expect(url.searchParams.get("scope")).toBe(
      "oauth crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.write",
    );
    expect(url.searchParams.get("client_id")).toBe(process.env.HUBSPOT_CLIENT_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(
      `${process.env.SHOPIFY_APP_URL}/hubspot/oauth/callback`,
    );
    const state = url.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(32);

    const code = fake.authorizationCode(P2);
    expect(await completeOAuth(db, { shop: SHOP_C, state, code })).toMatchObject({
      ok: false,
      reason: "state_of_another_shop",
    });
    expect(await db.crmConnection.findUnique({ where: { shop: SHOP_C } })).toBeNull();

    const before = Date.now();
    expect(await completeOAuth(db, { shop: SHOP_B, state, code })).toEqual({ ok: true, portalId: P2 });
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_B } });
    expect(conn).toMatchObject({ portalId: P2, authType: "oauth", status: "connected" });
    expect(conn.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 1800_000 - 1000);
    expect(conn.refreshTokenEnc).toBeTruthy();
    // Single use.
    expect(await completeOAuth(db, { shop: SHOP_B, state, code })).toMatchObject({
      ok: false,
      reason: "invalid_state",
    });
    await runJobs();
    expect(fake.portals.get(P2)!.groups.has("replyloop")).toBe(true);
  });

  it("refreshes a token that expires within minutes before using it", async () => {
    await db.crmConnection.update({
      where: { shop: SHOP_B },
      data: { expiresAt: new Date(Date.now() + 2 * MINUTE) },
    });
    const refreshesBefore = fake.calls({ path: "/oauth/2026-03/token" }).length;
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_B } });
    const token = await accessTokenFor(db, conn, { now: new Date() });
    expect(token.ok).toBe(true);
    expect(fake.calls({ path: "/oauth/2026-03/token" }).length).toBe(refreshesBefore + 1);
    const after = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_B } });
    expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * MINUTE);
    expect(after.accessTokenEnc).not.toBe(conn.accessTokenEnc);
    // …and the refreshed token works against HubSpot.
    const res = await fetch(`${fake.url}/account-info/v3/details`, {
      headers: { Authorization: `Bearer ${token.ok ? token.token : ""}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("write-behind flusher", () => {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const upserts = (portalId: string) =>
    fake.calls({ path: "/crm/v3/objects/contacts/batch/upsert", portalId });

  /** One answered NPS question, recorded as the answer flow records it. */
  async function answer(shop: string, email: string, score: number, at: Date) {
    await db.$transaction((tx) =>
      recordCrmChange(tx, {
        shop,
        email,
        properties: answerProperties({ key: "nps", kind: "scale", value: String(score) }, at),
        at,
      }),
    );
  }

  beforeAll(async () => {
    // Shops A and C share portal P1 (A by token above; C pastes another token of P1); B is on P2 (OAuth above).
    await connectWithToken(db, { shop: SHOP_C, token: fake.addPortal(P1) });
    await runJobs();
    await db.crmWrite.deleteMany();
  });

  it("250 answers from 3 shops on 2 portals: ⌈n/100⌉ upserts per portal, each contact's last answer wins", async () => {
    const p1Before = upserts(P1).length;
    const p2Before = upserts(P2).length;
    const latest = new Map<string, number>();
    let t = clock.now().getTime() - 60 * MINUTE;
    const record = async (shop: string, email: string, score: number) => {
      await answer(shop, email, score, new Date((t += 1000)));
      latest.set(`${shop === SHOP_B ? P2 : P1}:${email}`, score);
    };
    // Portal 1: 100 contacts answered in shop A (20 of them twice), 60 in shop C → 160 contacts.
    for (let i = 0; i < 100; i++) await record(SHOP_A, `a${i}@example.com`, i % 11);
    for (let i = 0; i < 20; i++) await record(SHOP_A, `a${i}@example.com`, 10 - (i % 11));
    for (let i = 0; i < 60; i++) await record(SHOP_C, `c${i}@example.com`, 7);
    // Portal 2: 70 contacts in shop B.
    for (let i = 0; i < 70; i++) await record(SHOP_B, `b${i}@example.com`, 3);

    const stats = await flushCrmWrites(db, { clock, lingerMs: 0, maxBatchesPerTick: 50 });
    expect(upserts(P1).length - p1Before).toBe(Math.ceil(160 / 100));
    expect(upserts(P2).length - p2Before).toBe(Math.ceil(70 / 100));
    expect(upserts(P1).every((r) => (r.inputs ?? 0) <= 100)).toBe(true);
    expect(stats.failed).toBe(0);
    for (const [key, score] of latest) {
      const [portal, email] = key.split(":") as [string, string];
      expect(fake.contact(portal, email)?.properties.replyloop_last_nps_score, key).toBe(String(score));
    }
    expect(await db.crmWrite.count({ where: { state: { notIn: ["sent", "superseded"] } } })).toBe(0);
    // Contacts are now known by their HubSpot id, and the connection shows the write.
    const jane = fake.contact(P1, "a5@example.com")!;
    expect(
      await db.crmContact.findUnique({ where: { shop_hubspotId: { shop: SHOP_A, hubspotId: jane.id } } }),
    ).toMatchObject({ email: "a5@example.com", portalId: P1 });
    expect(
      (await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_A } })).lastWriteAt,
    ).not.toBeNull();
  });

  it("429 for 30 s then 500s for 30 s: every write lands afterwards, never a stale value over a newer one", async () => {
    await db.crmWrite.deleteMany();
    const writesBefore = fake.writes.length;
    const emails = Array.from({ length: 30 }, (_, i) => `outage${i}@example.com`);
    let score = 0;
    for (const email of emails) await answer(SHOP_A, email, score++ % 11, clock.now());

    fake.failAll(429);
    for (let s = 0; s < 30; s += 5) {
      await flushCrmWrites(db, { clock, lingerMs: 0 });
      clock.advance(5_000);
    }
    // During the outage some contacts answer again: the newer value must win, the older never overwrite it.
    for (const email of emails.slice(0, 10)) await answer(SHOP_A, email, 10, clock.now());
    fake.failAll(500);
    for (let s = 0; s < 30; s += 5) {
      await flushCrmWrites(db, { clock, lingerMs: 0 });
      clock.advance(5_000);
    }
    expect(fake.writes.length).toBe(writesBefore); // nothing got through
    expect(await db.crmWrite.count({ where: { state: "failed" } })).toBe(0);

    fake.recover();
    for (let i = 0; i < 4; i++) {
      clock.advance(5 * MINUTE);
      await flushCrmWrites(db, { clock, lingerMs: 0 });
    }
    expect(await db.crmWrite.count({ where: { state: { notIn: ["sent", "superseded"] } } })).toBe(0);
    for (const [i, email] of emails.entries()) {
      const expected = i < 10 ? "10" : String(i % 11);
      expect(fake.contact(P1, email)?.properties.replyloop_last_nps_score, email).toBe(expected);
      // Each contact was written once after the outage: the older answer of the re-answering ones never went out.
      const scores = fake.writes
        .slice(writesBefore)
        .filter((w) => w.email === email && w.property === "replyloop_last_nps_score");
      expect(scores.map((w) => w.value)).toEqual([expected]);
    }
  });

  it("a late, older answer never overwrites a newer value already in HubSpot", async () => {
    const email = "late@example.com";
    clock.set("2026-03-02T13:00:00Z");
    await answer(SHOP_A, email, 9, new Date("2026-03-02T12:00:00Z"));
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(fake.contact(P1, email)?.properties.replyloop_last_nps_score).toBe("9");
    await answer(SHOP_A, email, 2, new Date("2026-03-02T11:00:00Z"));
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(fake.contact(P1, email)?.properties.replyloop_last_nps_score).toBe("9");
    expect(await db.crmWrite.count({ where: { email, state: "superseded" } })).toBeGreaterThan(0);
  });

  it("a 401 marks the connection broken, visible to the merchant, and its writes wait", async () => {
    await db.crmConnection.update({
      where: { shop: SHOP_B },
      data: { expiresAt: new Date(Date.now() + 20 * MINUTE) },
    });
    fake.revokeAll();
    await answer(SHOP_B, "b-after@example.com", 8, clock.now());
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { shop: SHOP_B } });
    expect(conn.status).toBe("broken");
    expect(conn.statusReason).toMatch(/refused|rejected/);
    const waiting = await db.crmWrite.findMany({ where: { shop: SHOP_B, email: "b-after@example.com" } });
    expect(waiting.every((w) => w.state === "pending")).toBe(true);
    const calls = fake.requests.length;
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(fake.requests.length).toBe(calls); // no endless retries
  });
});
