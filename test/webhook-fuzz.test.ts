// Issue 3: 1,000+ random and mutated bodies and headers against every webhook route. No 5xx, no
// crash, and not a single row from a request that is not correctly signed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { SHOPIFY_TOPICS } from "../app/shopify/topics";
import { startBuiltApp } from "./helpers/app-server";
import { SHOPIFY_FIXTURE_TOPICS, fixtureText } from "./helpers/fixtures";
import { TEST_SHOP, seedShop, signWebhook } from "./helpers/shopify";
import { hubspotV3Headers } from "./helpers/signing";

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (max: number) => Math.floor(random() * max);

const samples = Object.keys(SHOPIFY_FIXTURE_TOPICS).map((file) => fixtureText(`shopify/${file}`));
samples.push(
  fixtureText("hubspot/contact.propertyChange.json"),
  fixtureText("hubspot/contact.deletion.json"),
);

function mutateJson(value: unknown, depth = 0): unknown {
  if (depth > 3 || random() < 0.2)
    return pick([
      null,
      0,
      -1,
      1e308,
      "",
      "x".repeat(int(300)),
      true,
      [],
      {},
      "9007199254740993",
      { __proto__: 1 },
    ]);
  if (Array.isArray(value)) return value.slice(0, int(value.length + 1)).map((v) => mutateJson(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (random() < 0.15) continue; // drop a key
      out[random() < 0.05 ? `${k}_x` : k] = random() < 0.3 ? mutateJson(v, depth + 1) : v;
    }
    return out;
  }
  return mutateJson(null, depth + 1);
}

function randomBody(): string {
  switch (int(8)) {
    case 0:
      return Buffer.from(Array.from({ length: int(2000) }, () => int(256))).toString("latin1");
    case 1:
      return pick(samples).slice(0, int(pick(samples).length));
    case 2:
      return "[".repeat(2000) + "]".repeat(int(2000));
    case 3:
      return pick(["", "null", "true", "1", '"s"', "[]", "{}", "[{}]", '{"id":}']);
    case 4:
      return JSON.stringify(Array.from({ length: int(150) }, () => mutateJson(JSON.parse(pick(samples)))));
    default:
      return JSON.stringify(mutateJson(JSON.parse(pick(samples))));
  }
}

const shopifyRoutes = [...SHOPIFY_TOPICS, "products/update", "garbage"].map(
  (t) => `/webhooks/${t.replace(".", "/")}`,
);
const allRoutes = [...shopifyRoutes, "/webhooks/hubspot", "/webhooks/sendgrid"];
const topics = [
  ...SHOPIFY_TOPICS,
  "products/update",
  "",
  "ORDERS_CREATE",
  "a".repeat(500),
  "orders/create\r\nX: y",
];
const shops = [
  TEST_SHOP,
  "evil.com",
  "",
  "x".repeat(300),
  "other.myshopify.com",
  "demo-store.myshopify.com.evil.com",
];

/** A request that is NOT correctly signed for its route. */
function unsignedRequest(): { path: string; init: RequestInit } {
  const path = pick(allRoutes);
  const body = randomBody();
  const headers: Record<string, string> = {
    "Content-Type": pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
  };
  if (random() < 0.5)
    headers["X-Shopify-Hmac-Sha256"] = pick([
      "",
      "AAAA",
      Buffer.from(randomBody()).toString("base64").slice(0, 44),
      "===",
    ]);
  if (random() < 0.7) headers["X-Shopify-Topic"] = pick(topics).replace(/[\r\n]/g, "");
  if (random() < 0.7) headers["X-Shopify-Shop-Domain"] = pick(shops);
  if (random() < 0.5) headers["X-Shopify-Webhook-Id"] = String(int(1e9));
  if (random() < 0.3)
    headers["X-HubSpot-Signature-v3"] = pick(["", "abc", Buffer.from("x").toString("base64")]);
  if (random() < 0.3)
    headers["X-HubSpot-Request-Timestamp"] = pick(["", "0", String(Date.now()), "-1", "1e20"]);
  if (random() < 0.3)
    headers["X-Twilio-Email-Event-Webhook-Signature"] = pick(["", "MEUCIQ==", "not base64!"]);
  if (random() < 0.3) headers["X-Twilio-Email-Event-Webhook-Timestamp"] = String(int(2e9));
  // A valid HubSpot signature sent to a Shopify route is still not a Shopify signature, and vice versa.
  if (random() < 0.1 && path !== "/webhooks/hubspot")
    Object.assign(headers, hubspotV3Headers({ url: `http://127.0.0.1:3000${path}`, body }));
  return {
    path,
    init: {
      method: pick(["POST", "POST", "POST", "PUT", "GET"]),
      headers,
      body: ["GET"].includes("") ? undefined : body,
    },
  };
}

/** A correctly signed Shopify delivery with a mutated body and headers: may be stored, must not 5xx. */
function signedRequest(): { path: string; init: RequestInit } {
  const topic = pick(topics.slice(0, SHOPIFY_TOPICS.length + 1));
  const body = randomBody();
  const { headers } = signWebhook({
    topic,
    body: null,
    rawBody: body,
    shop: pick(shops.slice(0, 5)) || TEST_SHOP,
  });
  if (random() < 0.2) delete headers["X-Shopify-Webhook-Id"];
  if (random() < 0.2) headers["X-Shopify-Triggered-At"] = pick(["", "yesterday", "9999-99-99"]);
  return {
    path: `/webhooks/${pick([...SHOPIFY_TOPICS]).replace(".", "/")}`,
    init: { method: "POST", headers, body },
  };
}

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP);
  app = await startBuiltApp();
});
afterAll(() => app.close());

async function fire(requests: { path: string; init: RequestInit }[]) {
  const statuses: number[] = [];
  for (let i = 0; i < requests.length; i += 25) {
    const batch = requests.slice(i, i + 25).map(async ({ path, init }) => {
      const res = await fetch(
        `${app.url}${path}`,
        init.method === "GET" ? { ...init, body: undefined } : init,
      );
      await res.arrayBuffer();
      return res.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

const rowCounts = async () => ({
  events: await db.event.count(),
  jobs: await db.job.count(),
  customers: await db.customer.count(),
});

describe("webhook fuzzing", () => {
  it("800 unsigned or forged requests: never 5xx, and no rows", async () => {
    const before = await rowCounts();
    const statuses = await fire(Array.from({ length: 800 }, unsignedRequest));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it("400 correctly signed deliveries with mutated bodies and headers: never 5xx", async () => {
    const statuses = await fire(Array.from({ length: 400 }, signedRequest));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => [200, 400, 413].includes(s))));
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(100);
  });

  it("the server is still healthy", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
