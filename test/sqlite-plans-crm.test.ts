// What a merchant's HubSpot shows, pinned where the CRM queries were reshaped for SQLite's planner
// (no statistics): the flusher works out per contact, in code, when its writes are due (the last
// one) and how long it has waited (the first one); the CRM card orders and cuts a contact's
// answers in code.
import { fakeHubSpot as fake } from "../fakes/local-hubspot";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardData, MAX_CARD_ANSWERS } from "../app/crm/hubspot/card-data.server";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import db from "../app/db.server";
import { ManualClock, MINUTE } from "../app/lib/clock";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

afterAll(() => fake.stop());

const SCORE = "replyloop_last_nps_score";
const NPS_AT = "replyloop_last_nps_at";

describe("write-behind flusher: when a contact's writes go out", () => {
  const PORTAL = "3003";
  const SHOP = "delta.myshopify.com";
  const SISTER = "echo.myshopify.com"; // same portal
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const ago = (ms: number) => new Date(clock.now().getTime() - ms);
  const later = (ms: number) => new Date(clock.now().getTime() + ms);

  async function write(
    shop: string,
    email: string,
    property: string,
    value: string,
    at: { eventAt: Date; nextAttemptAt: Date; state?: string; attempts?: number },
  ) {
    await db.crmWrite.create({ data: { shop, email, property, value, ...at } });
  }
  const valueIn = (email: string, property = SCORE) => fake.contact(PORTAL, email)?.properties[property];
  const writesOf = (email: string, property = SCORE) =>
    fake.writes.filter((w) => w.portalId === PORTAL && w.email === email && w.property === property);

  beforeAll(async () => {
    await seedShop(SHOP);
    await seedShop(SISTER);
    await connectWithToken(db, { shop: SHOP, token: fake.addPortal(PORTAL) });
    await connectWithToken(db, { shop: SISTER, token: fake.addPortal(PORTAL) });
    await runJobs();
  });
  beforeEach(async () => {
    await db.crmWrite.deleteMany();
  });

  it("a contact whose earlier write is in backoff waits for it: the newer one never goes out first", async () => {
    await write(SHOP, "held@example.com", SCORE, "3", {
      eventAt: ago(10 * MINUTE),
      nextAttemptAt: later(5 * MINUTE),
      attempts: 1,
    });
    await write(SISTER, "held@example.com", SCORE, "8", { eventAt: ago(MINUTE), nextAttemptAt: ago(MINUTE) });
    await write(SHOP, "free@example.com", SCORE, "5", { eventAt: ago(MINUTE), nextAttemptAt: ago(MINUTE) });
    // Years of sent history of the same contacts change nothing.
    for (let i = 0; i < 20; i++)
      await write(SHOP, "held@example.com", SCORE, "1", {
        eventAt: ago(400 * MINUTE),
        nextAttemptAt: ago(400 * MINUTE),
        state: i % 2 ? "sent" : "superseded",
      });

    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(valueIn("free@example.com")).toBe("5");
    expect(valueIn("held@example.com")).toBeUndefined();
    expect(await db.crmWrite.count({ where: { email: "held@example.com", state: "pending" } })).toBe(2);

    clock.advance(5 * MINUTE + 1000);
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(valueIn("held@example.com")).toBe("8");
    expect(writesOf("held@example.com").map((w) => w.value)).toEqual(["8"]);
    expect(await db.crmWrite.count({ where: { state: { in: ["pending", "sending"] } } })).toBe(0);
  });

  it("a partial batch goes out once the contact's oldest write has waited the linger time", async () => {
    const lingerMs = 60_000;
    await write(SHOP, "fresh@example.com", SCORE, "7", { eventAt: ago(1000), nextAttemptAt: ago(1000) });
    await flushCrmWrites(db, { clock, lingerMs });
    expect(valueIn("fresh@example.com")).toBeUndefined(); // waiting for a fuller batch

    // Another contact: one write waiting 90 s, a newer one 1 s.
    await write(SHOP, "waited@example.com", SCORE, "9", { eventAt: ago(90_000), nextAttemptAt: ago(90_000) });
    await write(SISTER, "waited@example.com", NPS_AT, "2026-03-02T08:59:59.000Z", {
      eventAt: ago(1000),
      nextAttemptAt: ago(1000),
    });
    await flushCrmWrites(db, { clock, lingerMs });
    expect(valueIn("waited@example.com")).toBe("9");
    expect(valueIn("waited@example.com", NPS_AT)).toBe("2026-03-02T08:59:59.000Z");
    expect(valueIn("fresh@example.com")).toBe("7"); // in the same call
    expect(await db.crmWrite.count({ where: { state: { in: ["pending", "sending"] } } })).toBe(0);
  });

  it("a lapsed claim is sent again; a live one holds the contact's newer write back until it lapses", async () => {
    await write(SHOP, "lapsed@example.com", SCORE, "4", {
      eventAt: ago(5 * MINUTE),
      nextAttemptAt: ago(1000),
      state: "sending",
    });
    await write(SHOP, "busy@example.com", SCORE, "2", {
      eventAt: ago(5 * MINUTE),
      nextAttemptAt: later(30_000),
      state: "sending",
    });
    await write(SHOP, "busy@example.com", SCORE, "10", { eventAt: ago(MINUTE), nextAttemptAt: ago(MINUTE) });

    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(valueIn("lapsed@example.com")).toBe("4");
    expect(valueIn("busy@example.com")).toBeUndefined();

    clock.advance(31_000); // the other worker died: its claim lapses
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(valueIn("busy@example.com")).toBe("10");
    expect(writesOf("busy@example.com").map((w) => w.value)).toEqual(["10"]);
    expect(await db.crmWrite.count({ where: { state: { in: ["pending", "sending"] } } })).toBe(0);
  });
});

describe("CRM card: a contact's answers", () => {
  const PORTAL = "4004";
  const SHOP = "foxtrot.myshopify.com";
  const SISTER = "golf.myshopify.com"; // same portal
  const STRANGER = "hotel.myshopify.com"; // another portal
  const base = Date.UTC(2026, 0, 1);
  const minute = (k: number) => new Date(base + k * 60_000);

  async function connect(shop: string, portalId: string) {
    await seedShop(shop);
    await db.crmConnection.create({
      data: { shop, portalId, authType: "private_app", accessTokenEnc: "v1.x.y.z", status: "connected" },
    });
  }
  async function answers(
    rows: { id: string; shop: string; email: string; key: string; value: string; at: Date }[],
  ) {
    await db.answer.createMany({
      data: rows.map((r) => ({
        id: r.id,
        shop: r.shop,
        messageId: `m-${r.id}`,
        campaign: "post_purchase",
        questionKey: r.key,
        value: r.value,
        email: r.email,
        channel: "html",
        answeredAt: r.at,
      })),
    });
  }

  beforeAll(async () => {
    await connect(SHOP, PORTAL);
    await connect(SISTER, PORTAL);
    await connect(STRANGER, "5005");
  });

  it("lists the latest answers from every shop of the portal, newest first, and says there are more", async () => {
    // Contact 701 is many@ in SHOP (known from an upsert); the card also names their other address.
    await db.crmContact.create({
      data: { shop: SHOP, portalId: PORTAL, hubspotId: "701", email: "many@example.com" },
    });
    // 300 minutes, two answers each (one per shop and address) at the same instant: the one with
    // the greater id comes first (which shop that is alternates).
    const rows = [];
    for (let k = 0; k < 300; k++) {
      const [first, second] = k % 2 ? [SISTER, SHOP] : [SHOP, SISTER];
      const emailOf = (shop: string) => (shop === SHOP ? "many@example.com" : "other@example.com");
      const key = k % 50 === 7 ? "nps" : "custom_q";
      const value = key === "nps" ? String(k % 11) : `v${k}`;
      rows.push({ id: `c${k}b`, shop: first, email: emailOf(first), key, value, at: minute(k) });
      rows.push({
        id: `c${k}a`,
        shop: second,
        email: emailOf(second),
        key: "custom_q",
        value: `w${k}`,
        at: minute(k),
      });
    }
    // Never shown: another contact of the shop, the same address in another portal.
    rows.push({ id: "x1", shop: SHOP, email: "else@example.com", key: "nps", value: "1", at: minute(999) });
    rows.push({
      id: "x2",
      shop: STRANGER,
      email: "many@example.com",
      key: "nps",
      value: "2",
      at: minute(999),
    });
    await answers(rows);

    const card = await cardData(db, { portalId: PORTAL, objectId: "701", email: "Other@Example.com" });
    const expected = [];
    for (let k = 299; expected.length < MAX_CARD_ANSWERS; k--) {
      const [first, second] = k % 2 ? [SISTER, SHOP] : [SHOP, SISTER];
      expected.push([first, k % 50 === 7 ? String(k % 11) : `v${k}`, minute(k).toISOString()]);
      expected.push([second, `w${k}`, minute(k).toISOString()]);
    }
    expect(card.answers.map((a) => [a.shop, a.answer, a.answeredAt])).toEqual(expected);
    expect(card.answers).toHaveLength(MAX_CARD_ANSWERS);
    expect(card.truncated).toBe(true);
    expect(card.lastNps).toEqual({ score: 257 % 11, answeredAt: minute(257).toISOString() });
  });

  it("shows every answer of a contact with exactly the limit, and says there are no more", async () => {
    await db.crmContact.create({
      data: { shop: SISTER, portalId: PORTAL, hubspotId: "702", email: "full@example.com" },
    });
    await answers(
      Array.from({ length: MAX_CARD_ANSWERS }, (_, k) => ({
        id: `f${String(k).padStart(4, "0")}`,
        shop: k % 3 ? SHOP : SISTER,
        email: "full@example.com",
        key: "custom_q",
        value: `v${k}`,
        at: minute(k),
      })),
    );
    const card = await cardData(db, { portalId: PORTAL, objectId: "702" });
    expect(card.answers.map((a) => a.answer)).toEqual(
      Array.from({ length: MAX_CARD_ANSWERS }, (_, k) => `v${MAX_CARD_ANSWERS - 1 - k}`),
    );
    expect(card.truncated).toBe(false);
    expect(card.lastNps).toBeNull();
  });
});
