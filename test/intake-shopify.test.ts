// Issue 3: every Shopify webhook verified, deduplicated, stored once and processed in a job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { handlersFor } from "../app/events/routes.server";
import { startBuiltApp } from "./helpers/app-server";
import { SHOPIFY_FIXTURE_TOPICS, fixtureText, shopifyFixtureFiles } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { TEST_SHOP, seedShop, signWebhook } from "./helpers/shopify";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP);
  app = await startBuiltApp();
});
afterAll(() => app.close());

const routeOf = (topic: string) => `/webhooks/${topic.replace(".", "/")}`;

async function deliver(
  topic: string,
  rawBody: string,
  overrides: Partial<Parameters<typeof signWebhook>[0]> = {},
) {
  const { headers, body } = signWebhook({ topic, body: null, rawBody, ...overrides });
  return fetch(`${app.url}${routeOf(topic)}`, { method: "POST", headers, body });
}

async function rowCounts() {
  const [events, jobs] = await Promise.all([db.event.count(), db.job.count()]);
  return { events, jobs };
}

describe("Shopify samples, as they are", () => {
  it.each(shopifyFixtureFiles())("%s is accepted, stored once and processed", async (file) => {
    const topic = SHOPIFY_FIXTURE_TOPICS[file];
    expect(topic, `no topic known for ${file}`).toBeDefined();
    const raw = fixtureText(`shopify/${file}`);
    const webhookId = `wh-${file}`;
    const res = await deliver(topic!, raw, { webhookId, eventId: `ev-${file}` });
    expect(res.status).toBe(200);
    const stored = await db.event.findMany({ where: { webhookId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ shop: TEST_SHOP, source: "shopify", topic, dedupeKey: `ev-${file}` });

    await runJobs();
    const after = await db.event.findMany({ where: { webhookId } });
    // Redaction removes its own event; every other sample is processed by its handler or, when
    // nothing reacts to the topic (fulfillments/update is not subscribed), kept as ignored.
    if (topic === "customers/redact") expect(after).toHaveLength(0);
    else
      expect(after[0]).toMatchObject({
        state: handlersFor("shopify", topic!).length ? "processed" : "ignored",
        error: null,
      });
  });

  it("keeps ids beyond 2^53 exact", async () => {
    const res = await deliver("customers/create", fixtureText("shopify/customers_create.json"), {
      eventId: "big-id",
    });
    expect(res.status).toBe(200);
    await runJobs();
    const customer = await db.customer.findFirst({ where: { shop: TEST_SHOP, email: "bob@biller.com" } });
    expect(customer?.shopifyId).toBe("706405506930370084");
  });
});

describe("duplicates", () => {
  it("stores and processes the same delivery sent 3 times concurrently once", async () => {
    const raw = fixtureText("shopify/customers_email_marketing_consent_update.json");
    const signed = signWebhook({
      topic: "customers_email_marketing_consent/update",
      body: null,
      rawBody: raw,
      eventId: "dup-1",
    });
    const before = await rowCounts();
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(`${app.url}/webhooks/customers_email_marketing_consent/update`, {
          method: "POST",
          headers: signed.headers,
          body: signed.body,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db.event.count({ where: { dedupeKey: "dup-1" } })).toBe(1);
    expect((await rowCounts()).events).toBe(before.events + 1);

    const ran = await runJobs();
    expect(ran).toBe(1);
    expect(await db.event.findFirst({ where: { dedupeKey: "dup-1" } })).toMatchObject({ state: "processed" });
  });

  it("falls back to the webhook id when there is no event id", async () => {
    const raw = fixtureText("shopify/customers_update.json");
    const { headers, body } = signWebhook({
      topic: "customers/update",
      body: null,
      rawBody: raw,
      webhookId: "wh-no-event",
    });
    delete headers["X-Shopify-Event-Id"];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/webhooks/customers/update`, { method: "POST", headers, body });
      expect(res.status).toBe(200);
    }
    expect(await db.event.count({ where: { dedupeKey: "wh-no-event" } })).toBe(1);
  });
});

describe("bad input changes nothing", () => {
  const raw = fixtureText("shopify/orders_create.json");

  it("401 for a forged HMAC", async () => {
    const before = await rowCounts();
    const res = await deliver("orders/create", raw, { secret: "forged" });
    expect(res.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it("401 without an HMAC header", async () => {
    const before = await rowCounts();
    const { headers } = signWebhook({ topic: "orders/create", body: null, rawBody: raw });
    delete headers["X-Shopify-Hmac-Sha256"];
    const res = await fetch(`${app.url}/webhooks/orders/create`, { method: "POST", headers, body: raw });
    expect(res.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it("400 for correctly signed malformed JSON", async () => {
    const before = await rowCounts();
    const res = await deliver("orders/create", raw.slice(0, 200));
    expect(res.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("400 for a correctly signed payload that fails its topic's schema", async () => {
    const before = await rowCounts();
    const res = await deliver("orders/create", JSON.stringify({ id: 1, total_price: "1.00" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/orders\/create payload invalid/);
    expect(await rowCounts()).toEqual(before);
  });

  it("413 for a body over 1 MB, declared or streamed", async () => {
    const before = await rowCounts();
    const huge = JSON.stringify({ id: 1, pad: "x".repeat(1024 * 1024) });
    expect((await deliver("orders/create", huge)).status).toBe(413);

    const { headers } = signWebhook({ topic: "orders/create", body: null, rawBody: huge });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${app.url}/webhooks/orders/create`, {
      method: "POST",
      headers,
      body: chunks,
      duplex: "half",
    });
    expect(streamed.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("200 and stored as ignored for a topic we do not handle", async () => {
    const res = await deliver("products/update", JSON.stringify({ id: 1, title: "A product" }), {
      eventId: "unknown-topic",
    });
    expect(res.status).toBe(200);
    expect(await db.event.findFirst({ where: { dedupeKey: "unknown-topic" } })).toMatchObject({
      state: "ignored",
      topic: "products/update",
    });
  });
});
