// Issue 4: the three campaigns as journeys, driven by the Shopify samples (only ids, emails and
// timestamps changed), on a clock the test moves, against a local Admin GraphQL server.
import { beforeEach, describe, expect, it } from "vitest";

import db from "../app/db.server";
import { saveCampaign } from "../app/campaigns/config.server";
import { dispatchSend, sweepDueSends } from "../app/campaigns/dispatch.server";
import { followUpFor, type Question } from "../app/campaigns/questions";
import { applyTierFromCrm } from "../app/campaigns/vip-sync.server";
import type { CampaignKind } from "../app/campaigns/kinds";
import type { EmailSender, OutgoingEmail } from "../app/email/outgoing";
import { installClock } from "../app/lib/app-clock.server";
import { HOUR, DAY, MINUTE, ManualClock } from "../app/lib/clock";
import { dispatchDeps, shopifyAdmin } from "../app/server/composition.server";
import { resetDatabase } from "./helpers/db";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { seedShop, webhookRequest } from "./helpers/shopify";
import { deliverWebhook } from "./helpers/webhooks";
import { fakeShopifyAdmin as admin } from "./setup/fakes";

const SHOP = "campaign-store.myshopify.com";
const OTHER = "other-campaign-store.myshopify.com";
const CUSTOMER = "4001";
const EMAIL = "jane.doe@example.com";
const clock = new ManualClock("2026-01-05T10:00:00Z"); // a Monday, 10:00 UTC
installClock(clock);

async function deliver(topic: string, body: unknown, shop = SHOP) {
  const path = topic.replace(".", "/");
  const res = await deliverWebhook(
    webhookRequest(`http://127.0.0.1:3000/webhooks/${path}`, { topic, body, shop }),
  );
  expect(res.status, `${topic} delivery`).toBe(200);
  await runJobs();
}

/** Moves the clock, then lets the worker do what is due (sweep + jobs), as the periodic task would. */
async function advance(ms: number) {
  clock.advance(ms);
  await sweepDueSends(clock.now());
  await runJobs();
}

const checkout = (token: string, overrides: Record<string, unknown> = {}) => ({
  ...fixture("shopify/checkouts_create.json"),
  token,
  email: EMAIL,
  customer: {
    ...fixture<{ customer: object }>("shopify/checkouts_create.json").customer,
    id: Number(CUSTOMER),
    email: EMAIL,
  },
  ...overrides,
});
const order = (id: number, overrides: Record<string, unknown> = {}) => ({
  ...fixture("shopify/orders_create.json"),
  id,
  email: EMAIL,
  contact_email: EMAIL,
  cancelled_at: null,
  customer: {
    ...fixture<{ customer: object }>("shopify/orders_create.json").customer,
    id: Number(CUSTOMER),
    email: EMAIL,
  },
  ...overrides,
});
const subscribe = (state = "subscribed", customerId = CUSTOMER, email = EMAIL) =>
  deliver("customers_email_marketing_consent/update", {
    ...fixture("shopify/customers_email_marketing_consent_update.json"),
    customer_id: Number(customerId),
    email_address: email,
    email_marketing_consent: {
      state,
      opt_in_level: "single_opt_in",
      consent_updated_at: clock.now().toISOString(),
    },
  });

const sends = (campaign?: CampaignKind) =>
  db.scheduledSend.findMany({
    where: { shop: SHOP, ...(campaign ? { campaign } : {}) },
    orderBy: { createdAt: "asc" },
  });
const decisions = (kind?: string) =>
  db.decision.findMany({ where: { shop: SHOP, ...(kind ? { kind } : {}) }, orderBy: { at: "asc" } });
const sinceStart = (at: Date, start: Date) => at.getTime() - start.getTime();

beforeEach(async () => {
  await resetDatabase();
  clock.set("2026-01-05T10:00:00Z");
  admin.calls.length = 0;
  for (const shop of [SHOP, OTHER]) {
    await seedShop(shop, {
      customers: [
        {
          id: CUSTOMER,
          email: EMAIL,
          numberOfOrders: 0,
          amountSpent: "0.00",
          currencyCode: "USD",
          tags: [],
          marketingState: "SUBSCRIBED",
        },
      ],
    });
    for (const kind of ["abandoned_cart", "post_purchase", "vip"] as const)
      await saveCampaign(db, shop, kind, { enabled: true });
  }
  await runJobs(); // shop sync jobs from the installs
});

describe("abandoned cart", () => {
  it("reminder at +1 h, a single-use discount at +24 h (created once, limited to the customer); five updates make one journey", async () => {
    await subscribe();
    const start = clock.now();
    await deliver("checkouts/create", checkout("tok-1"));
    for (let i = 0; i < 4; i++)
      await deliver(
        "checkouts/update",
        checkout("tok-1", { updated_at: new Date(start.getTime() + i * 1000).toISOString() }),
      );

    expect(await db.journey.count({ where: { shop: SHOP, campaign: "abandoned_cart" } })).toBe(1);
    expect((await decisions("updated")).length).toBe(4);
    const [reminder] = await sends("abandoned_cart");
    expect(reminder).toMatchObject({ step: "reminder", state: "scheduled" });
    expect(sinceStart(reminder!.runAt, start)).toBe(HOUR);

    await advance(59 * MINUTE);
    expect(await db.message.count()).toBe(0);
    await advance(MINUTE);
    expect(await db.scheduledSend.findUnique({ where: { id: reminder!.id } })).toMatchObject({
      state: "sent",
    });
    expect(await db.message.count({ where: { toEmail: EMAIL, step: "reminder" } })).toBe(1);

    const discountSend = (await sends("abandoned_cart")).find((s) => s.step === "discount")!;
    expect(sinceStart(discountSend.runAt, start)).toBe(24 * HOUR);
    admin.throttleNext(1); // the shop's API bucket is empty once: retried
    await advance(23 * HOUR);
    expect(await db.scheduledSend.findUnique({ where: { id: discountSend.id } })).toMatchObject({
      state: "sent",
    });

    const creates = admin.calls.filter((c) => c.operation === "ReplyloopDiscountCreate");
    expect(creates.map((c) => c.throttled)).toEqual([true, false]);
    const discounts = admin.shopByDomain(SHOP)!.discounts;
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({
      percentage: 0.1,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customers: [`gid://shopify/Customer/${CUSTOMER}`],
    });
    expect(new Date(discounts[0]!.endsAt!).getTime() - new Date(discounts[0]!.startsAt).getTime()).toBe(
      7 * DAY,
    );
    const journey = await db.journey.findFirstOrThrow({ where: { shop: SHOP, subjectKey: "tok-1" } });
    expect(journey.state).toBe("completed");
    expect(journey.context).toMatchObject({ discount: { code: discounts[0]!.code } });

    // A retried dispatch of the same send creates no second code and sends no second email.
    await db.scheduledSend.update({ where: { id: discountSend.id }, data: { state: "dispatching" } });
    await dispatchSend(discountSend.id, dispatchDeps);
    expect(admin.shopByDomain(SHOP)!.discounts).toHaveLength(1);
  });

  it("an order from the checkout at +30 min: no email, ever", async () => {
    await subscribe();
    await deliver("checkouts/create", checkout("tok-2"));
    await advance(30 * MINUTE);
    await deliver("orders/create", order(9001, { checkout_token: "tok-2" }));
    await advance(2 * DAY);
    expect(await db.message.count()).toBe(0);
    expect((await sends("abandoned_cart")).map((s) => [s.step, s.state])).toEqual([
      ["reminder", "cancelled"],
    ]);
    expect(await db.journey.findFirst({ where: { subjectKey: "tok-2" } })).toMatchObject({
      state: "exited",
      exitReason: "order placed from this checkout",
    });
    expect(await db.conversion.count()).toBe(0); // no email, nothing recovered
  });

  it("an order at +2 h: the discount email is cancelled before it goes, the revenue is credited to the reminder", async () => {
    await subscribe();
    await deliver("checkouts/create", checkout("tok-3"));
    await advance(2 * HOUR);
    expect(await db.message.count({ where: { step: "reminder" } })).toBe(1);
    await deliver(
      "orders/create",
      order(9002, { checkout_token: "tok-3", total_price: "421.88", currency: "USD" }),
    );
    await advance(2 * DAY);
    expect((await sends("abandoned_cart")).map((s) => [s.step, s.state])).toEqual([
      ["reminder", "sent"],
      ["discount", "cancelled"],
    ]);
    expect(await db.message.count({ where: { step: "discount" } })).toBe(0);
    expect(await db.conversion.findMany({ where: { shop: SHOP } })).toMatchObject([
      { orderId: "9002", step: "reminder", amountCents: 42188, currency: "USD", campaign: "abandoned_cart" },
    ]);
    expect(
      await db.crmWrite.findFirst({
        where: { shop: SHOP, email: EMAIL, property: "replyloop_cart_recovered" },
      }),
    ).toMatchObject({ value: "true" });
  });

  it("not subscribed: no email, and why; subscribed later: the next checkout gets its journey", async () => {
    await subscribe("not_subscribed");
    await deliver("checkouts/create", checkout("tok-4"));
    expect(await db.journey.count()).toBe(0);
    expect(await decisions("skipped")).toMatchObject([
      {
        campaign: "abandoned_cart",
        email: EMAIL,
        reason: "not subscribed to email marketing (not_subscribed)",
      },
    ]);
    await advance(2 * DAY);
    expect(await db.message.count()).toBe(0);

    await subscribe("subscribed");
    await deliver("checkouts/create", checkout("tok-5"));
    expect(await db.journey.findFirst({ where: { subjectKey: "tok-5" } })).toMatchObject({ state: "active" });
  });

  it("after a one-click unsubscribe the next checkout is skipped, with the reason", async () => {
    await subscribe();
    await deliver("checkouts/create", checkout("tok-u1"));
    await advance(HOUR);
    const message = await db.message.findFirstOrThrow({ where: { toEmail: EMAIL, step: "reminder" } });
    const unsubscribeUrl = /<(https?:\/\/[^>]+)>/.exec(JSON.stringify(message.headers))?.[1];
    expect(unsubscribeUrl).toBeDefined();
    const { action: unsubscribe } = await import("../app/routes/u.$token");
    const token = new URL(unsubscribeUrl!).pathname.split("/").pop()!;
    const res = await unsubscribe({
      request: new Request(unsubscribeUrl!, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      }),
      params: { token },
      context: {},
    });
    expect(res.status).toBe(200);
    expect((await sends("abandoned_cart")).map((s) => [s.step, s.state])).toEqual([
      ["reminder", "sent"],
      ["discount", "cancelled"],
    ]);

    await deliver("checkouts/create", checkout("tok-u2"));
    expect(await db.journey.findFirst({ where: { subjectKey: "tok-u2" } })).toBeNull();
    expect((await decisions("skipped")).at(-1)).toMatchObject({
      email: EMAIL,
      reason: "address suppressed (bounced, spam report or unsubscribed)",
    });
  });

  it("unsubscribing after entry cancels the journey at send time, with the reason", async () => {
    await subscribe();
    await deliver("checkouts/create", checkout("tok-6"));
    await subscribe("unsubscribed");
    await advance(HOUR);
    expect(await db.message.count()).toBe(0);
    expect((await sends("abandoned_cart"))[0]).toMatchObject({
      state: "cancelled",
      reason: "email marketing state is unsubscribed",
    });
  });
});

describe("cross-campaign rules", () => {
  it("a second campaign's email within 16 hours waits; one due at 23:00 shop time goes at 08:00", async () => {
    await db.shop.update({ where: { domain: SHOP }, data: { timezone: "Europe/Paris" } });
    await subscribe();
    // 10:00 UTC = 11:00 Paris: the abandoned-cart reminder goes at 12:00 Paris.
    await deliver("checkouts/create", checkout("tok-7"));
    await advance(HOUR);
    expect(await db.message.count({ where: { step: "reminder" } })).toBe(1);
    const reminderAt = clock.now();

    // A VIP upgrade 1 hour later wants to send at once: it must wait 16 hours → 04:00 Paris, quiet → 08:00.
    await advance(HOUR);
    await deliver("customers/purchasing_summary", {
      ...fixture("shopify/customers_purchasing_summary.json"),
      customerId: `gid://shopify/Customer/${CUSTOMER}`,
      numberOfOrders: 1,
      amountSpent: { amount: "1200.00", currencyCode: "USD" },
    });
    await advance(0);
    const vip = (await sends("vip"))[0]!;
    expect(vip.state).toBe("scheduled");
    expect(await decisions("postponed")).toMatchObject([
      { campaign: "vip", reason: expect.stringMatching(/frequency cap.*then quiet hours/) },
    ]);
    const expected = new Date("2026-01-06T07:00:00Z"); // 08:00 Paris
    expect((await db.scheduledSend.findUniqueOrThrow({ where: { id: vip.id } })).runAt).toEqual(expected);
    expect(sinceStart(expected, reminderAt)).toBeGreaterThan(16 * HOUR);

    await advance(17 * HOUR); // 06:00 Paris: cap is over but it is still quiet → nothing
    expect(await db.message.count({ where: { campaign: "vip" } })).toBe(0);
    clock.set(expected);
    await advance(0);
    expect(await db.message.count({ where: { campaign: "vip" } })).toBe(1);
  });
});

describe("post-purchase survey", () => {
  it("due 7 days after fulfilment, carrying the NPS question with score-dependent follow-ups", async () => {
    await subscribe();
    const start = clock.now();
    await deliver("orders/fulfilled", order(7001, { buyer_accepts_marketing: true }));
    const [survey] = await sends("post_purchase");
    expect(sinceStart(survey!.runAt, start)).toBe(7 * DAY);

    clock.advance(7 * DAY);
    await sweepDueSends(clock.now());
    const sent: OutgoingEmail[] = [];
    const recorder: EmailSender = {
      async send(email) {
        sent.push(email);
        return { status: "sent", messageId: `m-${email.sendId}`, transport: "outbox" };
      },
    };
    await dispatchSend(survey!.id, { ...dispatchDeps, sender: recorder, admin: shopifyAdmin, clock });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      campaign: "post_purchase",
      template: "post_purchase_survey",
      to: { email: EMAIL },
      data: { order: { name: "#9999" } },
    });
    const nps = sent[0]!.questions.find((q: Question) => q.key === "nps")!;
    expect(nps).toMatchObject({ kind: "scale", min: 0, max: 10 });
    expect(followUpFor(nps, "9")?.key).toBe("nps_loved");
    expect(followUpFor(nps, "3")?.key).toBe("nps_went_wrong");
    expect(followUpFor(nps, "7")?.key).toBe("nps_improve");
  });

  it("one journey per order, and no second survey within the cooldown", async () => {
    await subscribe();
    await deliver("orders/fulfilled", order(7002));
    await deliver("orders/fulfilled", order(7002));
    await deliver("orders/fulfilled", order(7003));
    expect(await db.journey.count({ where: { campaign: "post_purchase" } })).toBe(1);
    expect(await decisions("skipped")).toMatchObject([
      { reason: "already in an active journey of this campaign" },
    ]);
  });
});

describe("VIP", () => {
  const summary = (amount: string, orders = 2) => ({
    ...fixture("shopify/customers_purchasing_summary.json"),
    customerId: `gid://shopify/Customer/${CUSTOMER}`,
    numberOfOrders: orders,
    amountSpent: { amount, currencyCode: "USD" },
  });

  it("crossing 1,000: one tagsAdd VIP-Gold, one tagsRemove VIP-Silver, one tier write, one VIP email; echoes do nothing", async () => {
    await subscribe();
    await deliver("customers/purchasing_summary", summary("350.00")); // Silver
    await advance(MINUTE);
    expect(admin.shopByDomain(SHOP)!.customers.get(`gid://shopify/Customer/${CUSTOMER}`)!.tags).toEqual([
      "VIP-Silver",
    ]);
    await deliver("customer.tags_added", {
      customerId: `gid://shopify/Customer/${CUSTOMER}`,
      tags: ["VIP-Silver"],
      occurredAt: clock.now().toISOString(),
    });
    admin.calls.length = 0;
    await db.crmWrite.deleteMany();
    clock.advance(DAY); // past the frequency cap of the Silver email

    await deliver("customers/purchasing_summary", summary("1200.00", 3));
    await advance(MINUTE);
    const tagCalls = admin.calls.filter((c) => c.operation.startsWith("ReplyloopTags"));
    expect(tagCalls.map((c) => [c.operation, c.variables.tags])).toEqual([
      ["ReplyloopTagsAdd", ["VIP-Gold"]],
      ["ReplyloopTagsRemove", ["VIP-Silver"]],
    ]);
    expect(
      await db.crmWrite.findMany({ where: { property: "replyloop_vip_tier" }, select: { value: true } }),
    ).toEqual([{ value: "gold" }]);
    expect(await db.message.count({ where: { campaign: "vip", toEmail: EMAIL } })).toBe(2); // Silver, then Gold
    expect(await db.customer.findFirst({ where: { shop: SHOP, shopifyId: CUSTOMER } })).toMatchObject({
      vipTier: "gold",
    });

    // Shopify echoes our own tag changes: nothing happens.
    const before = {
      decisions: await db.decision.count(),
      jobs: admin.calls.length,
      writes: await db.crmWrite.count(),
    };
    await deliver("customer.tags_added", {
      customerId: `gid://shopify/Customer/${CUSTOMER}`,
      tags: ["VIP-Gold"],
      occurredAt: clock.now().toISOString(),
    });
    await deliver("customer.tags_removed", {
      customerId: `gid://shopify/Customer/${CUSTOMER}`,
      tags: ["VIP-Silver"],
      occurredAt: clock.now().toISOString(),
    });
    await advance(MINUTE);
    expect({
      decisions: await db.decision.count(),
      jobs: admin.calls.length,
      writes: await db.crmWrite.count(),
    }).toEqual(before);
  });

  it("a tier set in HubSpot becomes the tag in Shopify, and its echo does nothing", async () => {
    await subscribe();
    await deliver("customers/purchasing_summary", summary("10.00", 1)); // mirrors the customer, no tier
    const changed = await db.$transaction((tx) =>
      applyTierFromCrm(tx, { shop: SHOP, email: EMAIL, tier: "gold", at: clock.now() }),
    );
    expect(changed).toEqual({ changed: true });
    await advance(MINUTE);
    expect(admin.shopByDomain(SHOP)!.customers.get(`gid://shopify/Customer/${CUSTOMER}`)!.tags).toEqual([
      "VIP-Gold",
    ]);
    expect(await db.crmWrite.count({ where: { property: "replyloop_vip_tier" } })).toBe(0); // it came from HubSpot

    const calls = admin.calls.length;
    await deliver("customer.tags_added", {
      customerId: `gid://shopify/Customer/${CUSTOMER}`,
      tags: ["VIP-Gold"],
      occurredAt: clock.now().toISOString(),
    });
    const again = await db.$transaction((tx) =>
      applyTierFromCrm(tx, { shop: SHOP, email: EMAIL, tier: "gold", at: clock.now() }),
    );
    await advance(MINUTE);
    expect(again).toEqual({ changed: false });
    expect(admin.calls.length).toBe(calls);
  });
});

describe("tenant isolation", () => {
  it("campaign settings saved for one shop never affect another", async () => {
    await saveCampaign(db, SHOP, "abandoned_cart", { enabled: false });
    await saveCampaign(db, SHOP, "post_purchase", { settings: { delayMinutes: 60 } });
    await subscribe();
    await subscribe("subscribed", CUSTOMER, EMAIL).then(() => undefined);
    await deliver(
      "customers_email_marketing_consent/update",
      {
        customer_id: Number(CUSTOMER),
        email_address: EMAIL,
        email_marketing_consent: { state: "subscribed" },
      },
      OTHER,
    );

    await deliver("checkouts/create", checkout("tok-a"));
    await deliver("checkouts/create", checkout("tok-b"), OTHER);
    expect(await db.journey.count({ where: { shop: SHOP, campaign: "abandoned_cart" } })).toBe(0);
    expect(await db.journey.count({ where: { shop: OTHER, campaign: "abandoned_cart" } })).toBe(1);

    const start = clock.now();
    await deliver("orders/fulfilled", order(8001));
    await deliver("orders/fulfilled", order(8002), OTHER);
    const mine = await db.scheduledSend.findFirstOrThrow({
      where: { shop: SHOP, campaign: "post_purchase" },
    });
    const theirs = await db.scheduledSend.findFirstOrThrow({
      where: { shop: OTHER, campaign: "post_purchase" },
    });
    expect(sinceStart(mine.runAt, start)).toBe(HOUR);
    expect(sinceStart(theirs.runAt, start)).toBe(7 * DAY);
  });
});
