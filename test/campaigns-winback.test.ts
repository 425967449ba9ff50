// Issue 18: the win-back journey, driven by signed Shopify webhooks on a clock the test moves. The
// customer mirror keeps each customer's last order (orders reaching Replyloop, the purchasing
// summary); a periodic scan finds customers whose last order is older than the threshold — only
// those, read through an index — and the engine decides (consent, conditions, at most once per
// threshold). An order ends the journey; changing the threshold moves every due time.
import { beforeEach, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { saveCampaign } from "../app/campaigns/config.server";
import { sweepDueSends } from "../app/campaigns/dispatch.server";
import { scanWinback } from "../app/campaigns/winback.server";
import { dueCustomersQuery, engine } from "../app/campaigns/winback-due.server";
import { installClock } from "../app/lib/app-clock.server";
import { DAY, HOUR, ManualClock } from "../app/lib/clock";
import { deliverWebhook } from "./helpers/webhooks";
import { resetDatabase } from "./helpers/db";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { seedShop, webhookRequest } from "./helpers/shopify";

const SHOP = "winback-store.myshopify.com";
const OTHER = "other-winback-store.myshopify.com";
const START = "2025-09-01T10:00:00Z"; // a Monday, 10:00 UTC
const clock = new ManualClock(START);
installClock(clock);

type Person = { id: string; email: string };
const ana: Person = { id: "5001", email: "ana@example.com" };
const ben: Person = { id: "5002", email: "ben@example.com" };
const cai: Person = { id: "5003", email: "cai@example.com" };
const dee: Person = { id: "5004", email: "dee@example.com" };

async function deliver(topic: string, body: unknown, shop = SHOP) {
  const res = await deliverWebhook(
    webhookRequest(`http://127.0.0.1:3000/webhooks/${topic}`, { topic, body, shop }),
  );
  expect(res.status, `${topic} delivery`).toBe(200);
  await runJobs();
}

let orderNumber = 9100;
const orderBy = (who: Person, shop = SHOP) =>
  deliver(
    "orders/create",
    {
      ...fixture("shopify/orders_create.json"),
      id: ++orderNumber,
      name: `#${orderNumber}`,
      email: who.email,
      contact_email: who.email,
      checkout_token: null,
      total_price: "80.00",
      currency: "USD",
      created_at: clock.now().toISOString(),
      customer: {
        ...fixture<{ customer: object }>("shopify/orders_create.json").customer,
        id: Number(who.id),
        email: who.email,
      },
    },
    shop,
  );
const consent = (who: Person, state: string, shop = SHOP) =>
  deliver(
    "customers_email_marketing_consent/update",
    {
      ...fixture("shopify/customers_email_marketing_consent_update.json"),
      customer_id: Number(who.id),
      email_address: who.email,
      email_marketing_consent: {
        state,
        opt_in_level: "single_opt_in",
        consent_updated_at: clock.now().toISOString(),
      },
    },
    shop,
  );

/** The worker's periodic tasks at this instant: the win-back scan, then due sends and their jobs. */
async function tick() {
  const scan = await scanWinback(clock.now());
  await sweepDueSends(clock.now());
  await runJobs();
  return scan;
}
const journeys = (email?: string) =>
  db.journey.findMany({
    where: { shop: SHOP, campaign: "winback", ...(email ? { email } : {}) },
    orderBy: { enteredAt: "asc" },
  });
const skipped = () =>
  db.decision.findMany({
    where: { shop: SHOP, campaign: "winback", kind: "skipped" },
    orderBy: { at: "asc" },
  });

beforeEach(async () => {
  await resetDatabase();
  clock.set(START);
  for (const shop of [SHOP, OTHER]) await seedShop(shop);
  await runJobs();
});

describe("who is due", () => {
  it("the scan enters only customers whose last order is older than 90 days; an order 70 days ago, no order, or no consent: not", async () => {
    await orderBy(ana); // day 0
    await orderBy(dee); // day 0, never subscribed
    clock.advance(30 * DAY);
    await orderBy(ben); // day 30
    await deliver("customers/create", {
      ...fixture("shopify/customers_create.json"),
      id: Number(cai.id),
      email: cai.email,
    });
    for (const who of [ana, ben, cai]) await consent(who, "subscribed");
    await saveCampaign(db, SHOP, "winback", { enabled: true });

    clock.set(new Date(new Date(START).getTime() + 100 * DAY)); // day 100: Ana and Dee lapsed, Ben not
    const mirror = await db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: ben.id } });
    expect(mirror.lastOrderAt).toEqual(new Date(new Date(START).getTime() + 30 * DAY));
    expect(mirror.winbackDueAt).toEqual(new Date(new Date(START).getTime() + 120 * DAY));

    const scan = await tick();
    expect(scan).toEqual({ shops: 1, claimed: 2, entered: 1 });
    expect((await journeys()).map((j) => j.email)).toEqual([ana.email]);
    expect(await skipped()).toMatchObject([
      { email: dee.email, reason: "not subscribed to email marketing" },
    ]);
    const email = await db.message.findFirstOrThrow({ where: { shop: SHOP, campaign: "winback" } });
    expect(email).toMatchObject({
      toEmail: ana.email,
      step: "winback",
      subject: "We miss you at winback-store",
    });
    expect(email.html).toContain("Why haven&#39;t you been back?");
    expect(email.html).toContain("since September 2025");
    // Ben is untouched until his day 120; a second tick today finds nobody.
    expect(await tick()).toEqual({ shops: 1, claimed: 0, entered: 0 });
    clock.set(new Date(new Date(START).getTime() + 120 * DAY + HOUR));
    expect(await tick()).toMatchObject({ claimed: 1, entered: 1 });
    expect((await journeys()).map((j) => j.email)).toEqual([ana.email, ben.email]);
  });

  it("the purchasing summary's last order counts; a shop with win-back off is not scanned", async () => {
    await consent(ana, "subscribed", OTHER);
    await deliver(
      "customers/purchasing_summary",
      {
        ...fixture("shopify/customers_purchasing_summary.json"),
        customerId: `gid://shopify/Customer/${ana.id}`,
        numberOfOrders: 2,
        amountSpent: { amount: "160.00", currencyCode: "USD" },
        lastOrderId: "gid://shopify/Order/777",
        occurredAt: clock.now().toISOString(),
      },
      OTHER,
    );
    expect(await db.customer.findFirstOrThrow({ where: { shop: OTHER, shopifyId: ana.id } })).toMatchObject({
      lastOrderId: "777",
      lastOrderAt: clock.now(),
      winbackDueAt: new Date(clock.now().getTime() + 90 * DAY),
    });
    clock.advance(91 * DAY);
    expect(await tick()).toEqual({ shops: 0, claimed: 0, entered: 0 });
    await saveCampaign(db, OTHER, "winback", { enabled: true });
    expect(await tick()).toEqual({ shops: 1, claimed: 1, entered: 1 });
    expect(await db.journey.count({ where: { shop: OTHER, campaign: "winback" } })).toBe(1);
    expect(await db.journey.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("an order", () => {
  it("ends the journey before its email (held by quiet hours), and moves the customer's due time after it", async () => {
    await orderBy(ana);
    await consent(ana, "subscribed");
    await saveCampaign(db, SHOP, "winback", { enabled: true });
    // Day 95, 23:00 UTC: due, but the email waits for the end of quiet hours (08:00).
    clock.set(new Date(new Date(START).getTime() + 95 * DAY + 13 * HOUR));
    expect(await tick()).toMatchObject({ entered: 1 });
    const [send] = await db.scheduledSend.findMany({ where: { shop: SHOP, campaign: "winback" } });
    expect(send).toMatchObject({ state: "scheduled", step: "winback" });
    clock.advance(HOUR);
    await orderBy(ana);
    expect((await journeys())[0]).toMatchObject({
      state: "exited",
      exitReason: "the customer placed an order",
    });
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: send!.id } })).toMatchObject({
      state: "cancelled",
    });
    clock.advance(10 * HOUR);
    await tick();
    expect(await db.message.count({ where: { shop: SHOP, campaign: "winback" } })).toBe(0);
    expect(
      (await db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: ana.id } })).winbackDueAt,
    ).toEqual(new Date(new Date(START).getTime() + 95 * DAY + 14 * HOUR + 90 * DAY));
  });

  it("after the email, within the window: the customer came back, counted for win-back", async () => {
    await orderBy(ana);
    await consent(ana, "subscribed");
    await saveCampaign(db, SHOP, "winback", { enabled: true });
    clock.set(new Date(new Date(START).getTime() + 95 * DAY));
    await tick();
    expect(await db.message.count({ where: { campaign: "winback" } })).toBe(1);
    clock.advance(3 * DAY);
    await orderBy(ana);
    expect(await db.conversion.findMany({ where: { shop: SHOP } })).toMatchObject([
      { campaign: "winback", step: "winback", amountCents: 8000, currency: "USD" },
    ]);
  });
});

describe("re-entry", () => {
  it("at most once per threshold: a lower threshold finds her due again, blocked within it, allowed after it", async () => {
    await orderBy(ana);
    await consent(ana, "subscribed");
    await saveCampaign(db, SHOP, "winback", { enabled: true });
    clock.set(new Date(new Date(START).getTime() + 95 * DAY));
    await tick();
    expect(await journeys()).toHaveLength(1);

    // 10 days later the merchant lowers the threshold to 30 days: every due time moves (one statement).
    clock.advance(10 * DAY);
    await saveCampaign(db, SHOP, "winback", { settings: { thresholdDays: 30 } });
    expect(
      (await db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: ana.id } })).winbackDueAt,
    ).toEqual(new Date(new Date(START).getTime() + 30 * DAY));
    expect(await tick()).toMatchObject({ claimed: 1, entered: 0 });
    expect((await skipped()).at(-1)).toMatchObject({
      email: ana.email,
      reason: "entered this campaign less than 30 days ago",
    });
    // She is looked at again a threshold later: then she may enter again.
    clock.advance(29 * DAY);
    expect(await tick()).toMatchObject({ claimed: 0 });
    clock.advance(DAY + HOUR);
    expect(await tick()).toMatchObject({ claimed: 1, entered: 1 });
    expect((await journeys()).map((j) => j.state)).toEqual(["completed", "completed"]);
    expect(await db.message.count({ where: { campaign: "winback", toEmail: ana.email } })).toBe(2);
  });
});

describe("the scan's cost", () => {
  it("reads only the due customers, through the (shop, winbackDueAt) index, whatever the size of the table", async () => {
    const now = clock.now();
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      shop: SHOP,
      shopifyId: String(100_000 + i),
      email: `c${i}@example.com`,
      tags: [],
      lastOrderAt: new Date(now.getTime() - 30 * DAY),
      // 12 due (the first 12), the rest spread over the coming 90 days.
      winbackDueAt: new Date(now.getTime() + (i < 12 ? -(i + 1) * HOUR : (i % 90) * DAY + DAY)),
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await db.customer.createMany({ data: rows.slice(i, i + 1000) });
    const query = dueCustomersQuery(engine(), SHOP, now, 50);
    if (engine() === "postgresql") {
      await db.$executeRawUnsafe(`ANALYZE "Customer"`);
      const [row] = await db.$queryRawUnsafe<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
        ...query.args,
      );
      const scan = findScan(row!["QUERY PLAN"][0]!.Plan);
      expect(scan["Node Type"]).toMatch(/^(Index Scan|Index Only Scan|Bitmap Index Scan)$/);
      expect(scan["Index Name"]).toBe("Customer_shop_winbackDueAt_idx");
      expect(scan["Actual Rows"]).toBe(12);
      expect(scan["Rows Removed by Filter"] ?? 0).toBe(0);
    } else {
      const plan = await db.$queryRawUnsafe<{ detail: string }[]>(
        `EXPLAIN QUERY PLAN ${query.sql}`,
        ...query.args,
      );
      expect(plan.map((p) => p.detail)).toEqual([
        "SEARCH Customer USING INDEX Customer_shop_winbackDueAt_idx (shop=? AND winbackDueAt<?)",
      ]);
    }
    const due = await db.$queryRawUnsafe(query.sql, ...query.args);
    expect(due).toHaveLength(12);
  });
});

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};
/** The node of a plan that reads the Customer table. */
function findScan(node: PlanNode): PlanNode {
  if (node["Index Name"]) return node;
  for (const child of node.Plans ?? []) {
    const found = findScan(child);
    if (found["Index Name"]) return found;
  }
  return node;
}
