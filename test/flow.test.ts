// Issue 16, Shopify Flow: the "Replyloop answer received" trigger (fired by a job for every confirmed
// answer, only for shops whose workflows use it — Flow's trigger lifecycle callback says so — within
// a per-shop rate, through THROTTLED, checked by the fake Admin API as Flow checks it) and the
// "Send a Replyloop survey" action (signed requests, once per action_run_id, the work in a job,
// consent, the frequency cap and quiet hours still applying with the reason on the timeline).
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCampaign } from "../app/campaigns/config.server";
import { tryAcquire } from "../app/crm/hubspot/rate-limiter.server";
import { upsertCustomer } from "../app/customers/customers.server";
import db from "../app/db.server";
import { ANSWER_TRIGGER_HANDLE } from "../app/flow/answer-payload";
import { fireAnswerTriggerJob } from "../app/flow/jobs";
import { FLOW_TRIGGERS_PER_10S, fireAnswerReceived } from "../app/flow/triggers.server";
import { appClock, installClock } from "../app/lib/app-clock.server";
import { DAY, HOUR, ManualClock } from "../app/lib/clock";
import { GraphqlShopifyAdmin } from "../app/shopify/admin.server";
import { startFakeShopifyAdmin } from "../fakes/shopify-admin-server";
import { startBuiltApp } from "./helpers/app-server";
import { campaignStore, type Customer } from "./helpers/campaign-store";
import { runJobs, storedJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";
import { mintCheckoutToken, orderGid, surveyBlock } from "./helpers/storefront";
import { fakeShopifyAdmin } from "./setup/fakes";

const SHOP = "flow-store.myshopify.com";
const QUIET = "flow-quiet.myshopify.com";
const clock = new ManualClock("2026-05-04T10:00:00Z"); // a Monday, 10:00 UTC
installClock(clock);
const store = campaignStore(SHOP, clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(SHOP, { name: "Flow Store" });
  await seedShop(QUIET, { name: "No Flow" });
  await db.$transaction(async (tx) => {
    await saveCampaign(tx, SHOP, "post_purchase", { enabled: true });
    await saveCampaign(tx, QUIET, "post_purchase", { enabled: true });
  });
  app = await startBuiltApp();
});
afterAll(() => app?.close());

const secret = () => process.env.SHOPIFY_API_SECRET ?? "";
/** A request as Flow signs it: X-Shopify-Hmac-SHA256, base64 HMAC-SHA256 of the raw body. */
function flowPost(path: string, body: unknown, opts: { secret?: string; sign?: boolean } = {}) {
  const raw = JSON.stringify(body);
  const hmac = createHmac("sha256", opts.secret ?? secret())
    .update(raw, "utf8")
    .digest("base64");
  return fetch(`${app.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      ...(opts.sign === false ? {} : { "X-Shopify-Hmac-SHA256": hmac }),
    },
    body: raw,
  });
}

const lifecycle = (shop: string, enabled: boolean, at: string) =>
  flowPost("/flow/triggers/lifecycle", {
    flow_trigger_definition_id: "Replyloop answer received",
    has_enabled_flow: enabled,
    shop_id: 690933842,
    shopify_domain: shop,
    timestamp: at,
  });

let nextOrder = 8001;
async function buy(who: Customer, shop = SHOP) {
  const id = nextOrder++;
  await campaignStore(shop, clock).order("orders/create", who, id, {
    name: `#${id}`,
    created_at: clock.now().toISOString(),
  });
  return id;
}
const answerOnPage = (shop: string, order: number, questionKey: string, value: string) =>
  surveyBlock(app.url, () => mintCheckoutToken(shop)).answer({
    orderId: orderGid(order),
    questionKey,
    value,
  });
const triggersFor = (shop: string) => fakeShopifyAdmin.flowTriggers.filter((t) => t.shop === shop);

describe("the trigger lifecycle callback", () => {
  it("a forged or unsigned callback is 401 and changes nothing", async () => {
    const body = {
      flow_trigger_definition_id: "x",
      has_enabled_flow: true,
      shop_id: 1,
      shopify_domain: SHOP,
      timestamp: "2026-05-04T10:00:00Z",
    };
    expect((await flowPost("/flow/triggers/lifecycle", body, { secret: "forged" })).status).toBe(401);
    expect((await flowPost("/flow/triggers/lifecycle", body, { sign: false })).status).toBe(401);
    expect((await flowPost("/flow/triggers/lifecycle", { shopify_domain: SHOP })).status).toBe(400);
    expect(await db.flowTriggerUse.count()).toBe(0);
  });

  it("records whether the shop uses the trigger; the newest callback wins", async () => {
    expect((await lifecycle(SHOP, true, "2026-05-04T10:00:00Z")).status).toBe(200);
    expect((await lifecycle(SHOP, false, "2026-05-04T09:00:00Z")).status).toBe(200); // older: ignored
    expect(await db.flowTriggerUse.findMany({ where: { shop: SHOP } })).toMatchObject([{ enabled: true }]);
  });
});

describe('"Replyloop answer received"', () => {
  it("fires once per confirmed answer, with the answer's customer, order, question, value, score and campaign", async () => {
    const who = { id: "7101", email: "ana.flow@example.com" };
    const order = await buy(who);
    expect((await answerOnPage(SHOP, order, "nps", "4")).status).toBe(200);
    // The same answer again (a second tab): no second trigger.
    expect((await answerOnPage(SHOP, order, "nps", "4")).status).toBe(200);
    expect((await answerOnPage(SHOP, order, "nps_went_wrong", "delivery")).status).toBe(200);
    await runJobs();
    expect(triggersFor(SHOP).map((t) => [t.handle, t.payload])).toEqual([
      [
        ANSWER_TRIGGER_HANDLE,
        {
          customer_id: 7101,
          order_id: order,
          "Question key": "nps",
          "Answer value": "4",
          "NPS score": 4,
          Campaign: "post_purchase",
        },
      ],
      [
        ANSWER_TRIGGER_HANDLE,
        {
          customer_id: 7101,
          order_id: order,
          "Question key": "nps_went_wrong",
          "Answer value": "delivery",
          Campaign: "post_purchase",
        },
      ],
    ]);
    await runJobs();
    expect(triggersFor(SHOP)).toHaveLength(2);
  });

  it("is not called for a shop whose workflows do not use it (or no longer do)", async () => {
    const order = await buy({ id: "7201", email: "no.flow@example.com" }, QUIET);
    expect((await answerOnPage(QUIET, order, "nps", "10")).status).toBe(200);
    await runJobs();
    expect(triggersFor(QUIET)).toEqual([]);
    expect((await storedJobs(fireAnswerTriggerJob.queue)).length).toBeGreaterThan(0);

    // The merchant turns the workflow off: answers confirmed from then on fire nothing.
    expect((await lifecycle(SHOP, false, "2026-05-04T11:00:00Z")).status).toBe(200);
    const order2 = await buy({ id: "7102", email: "off.flow@example.com" });
    expect((await answerOnPage(SHOP, order2, "nps", "10")).status).toBe(200);
    await runJobs();
    expect(triggersFor(SHOP).map((t) => t.payload.order_id)).not.toContain(order2);
    expect((await lifecycle(SHOP, true, "2026-05-04T12:00:00Z")).status).toBe(200);
  });

  it("waits out THROTTLED and delivers", async () => {
    const order = await buy({ id: "7103", email: "throttled.flow@example.com" });
    const before = fakeShopifyAdmin.calls.length;
    fakeShopifyAdmin.throttleNext(1);
    expect((await answerOnPage(SHOP, order, "nps", "9")).status).toBe(200);
    await runJobs();
    const calls = fakeShopifyAdmin.calls
      .slice(before)
      .filter((c) => c.operation === "ReplyloopFlowTriggerReceive");
    expect(calls.map((c) => c.throttled)).toEqual([true, false]);
    expect(triggersFor(SHOP).at(-1)?.payload).toMatchObject({ order_id: order, "Answer value": "9" });
  });

  it("past the shop's rate, waits its turn (deferred, not dropped)", async () => {
    const order = await buy({ id: "7104", email: "burst.flow@example.com" });
    expect((await answerOnPage(SHOP, order, "nps", "8")).status).toBe(200);
    for (let i = 0; i < FLOW_TRIGGERS_PER_10S; i++)
      await tryAcquire(db, `shopify-flow:${SHOP}`, { limit: FLOW_TRIGGERS_PER_10S });
    const sent = triggersFor(SHOP).length;
    await runJobs();
    expect(triggersFor(SHOP)).toHaveLength(sent);
    const deferred = (await storedJobs(fireAnswerTriggerJob.queue)).filter((j) => j.waiting);
    expect(deferred).toHaveLength(1);
    expect(deferred[0]?.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(deferred[0]?.payload).toMatchObject({ deferrals: 1 });
  });

  it("a payload Flow refuses is logged and on the customer's timeline, not retried", async () => {
    // Flow with an older version of the trigger deployed (no "Campaign" field yet).
    const flow = await startFakeShopifyAdmin({
      flowTriggers: [
        {
          handle: ANSWER_TRIGGER_HANDLE,
          fields: [
            { key: "customer_id", type: "customer_reference" },
            { key: "order_id", type: "order_reference" },
            { key: "Question key", type: "single_line_text_field" },
            { key: "Answer value", type: "single_line_text_field" },
            { key: "NPS score", type: "number_decimal" },
          ],
        },
      ],
    });
    flow.addShop({
      domain: SHOP,
      accessToken: "shpat_old_flow",
      name: "Flow Store",
      email: "o@example.com",
      currencyCode: "USD",
      ianaTimezone: "UTC",
      address: [],
    });
    const admin = new GraphqlShopifyAdmin({ origin: flow.url, tokenFor: async () => "shpat_old_flow" });
    await db.rateWindow.deleteMany({ where: { key: `shopify-flow:${SHOP}` } });
    const order = await buy({ id: "7105", email: "refused.flow@example.com" });
    expect((await answerOnPage(SHOP, order, "nps", "7")).status).toBe(200);
    const answer = await db.answer.findFirstOrThrow({ where: { shop: SHOP, orderId: String(order) } });
    await fireAnswerReceived({ shop: SHOP, answerId: answer.id, deferrals: 0 }, { admin, clock: appClock });
    expect(flow.flowTriggers).toEqual([]);
    const failed = await db.decision.findFirstOrThrow({ where: { shop: SHOP, kind: "failed" } });
    expect(failed.reason).toBe(
      "Shopify Flow trigger \"Replyloop answer received\" not fired: flowTriggerReceive: Errors validating schema:\n  Invalid field: 'Campaign'.\n",
    );
    expect(failed.email).toBe(answer.email);
    await flow.close();
  });
});

describe('"Send a Replyloop survey"', () => {
  const run = (customerId: string, overrides: Record<string, unknown> = {}) => ({
    shop_id: "690933842",
    shopify_domain: SHOP,
    action_run_id: randomUUID(),
    action_definition_id: "Send a Replyloop survey",
    handle: "send-replyloop-survey",
    properties: { customer_id: customerId, survey: "post_purchase" },
    ...overrides,
  });
  const subscribed = async (who: Customer, state = "SUBSCRIBED") =>
    db.$transaction((tx) => upsertCustomer(tx, SHOP, who.id, { email: who.email, marketingState: state }));

  it("a forged or unsigned run is 401 and runs nothing", async () => {
    const body = run("7301");
    expect((await flowPost("/flow/actions/send-survey", body, { secret: "forged" })).status).toBe(401);
    expect((await flowPost("/flow/actions/send-survey", body, { sign: false })).status).toBe(401);
    expect(await db.flowActionRun.count()).toBe(0);
  });

  it("answers at once, then surveys the customer about their latest order by email; a replayed run runs once", async () => {
    const who = { id: "7302", email: "flow.request@example.com" };
    await subscribed(who);
    const order = await buy(who);
    const body = run(who.id);
    const res = await flowPost("/flow/actions/send-survey", body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, replayed: false });
    const replay = await flowPost("/flow/actions/send-survey", body);
    expect(await replay.json()).toEqual({ ok: true, replayed: true });
    await runJobs();
    await runJobs();
    expect(await db.flowActionRun.count({ where: { actionRunId: body.action_run_id } })).toBe(1);
    const journeys = await db.journey.findMany({ where: { shop: SHOP, email: who.email } });
    expect(journeys).toMatchObject([{ campaign: "post_purchase", subjectKey: String(order) }]);
    // Due now, not a week after delivery: the request skips the campaign's delay.
    await store.advance(HOUR);
    const sent = await db.message.findMany({ where: { shop: SHOP, toEmail: who.email } });
    expect(sent.map((m) => m.subject)).toEqual([`How was your order #${order}?`]);
  });

  it("consent, the frequency cap and quiet hours still apply; a skipped send says why", async () => {
    const unsubscribed = { id: "7303", email: "no.marketing@example.com" };
    await subscribed(unsubscribed, "UNSUBSCRIBED");
    await buy(unsubscribed);
    const noOrder = { id: "7304", email: "no.order@example.com" };
    await subscribed(noOrder);
    for (const who of [unsubscribed, noOrder])
      expect((await flowPost("/flow/actions/send-survey", run(who.id))).status).toBe(200);
    await runJobs();
    const reasons = await db.decision.findMany({
      where: { shop: SHOP, kind: "skipped", email: { in: [unsubscribed.email, noOrder.email] } },
    });
    expect(reasons.map((d) => [d.email, d.reason])).toEqual(
      expect.arrayContaining([
        [unsubscribed.email, "email marketing state is unsubscribed"],
        [
          noOrder.email,
          "Shopify Flow asked for a survey: no order of this customer has reached Replyloop (the survey asks about an order)",
        ],
      ]),
    );

    // Asked again a day after a survey went: the frequency cap postpones it, at night quiet hours too.
    const capped = { id: "7305", email: "capped.flow@example.com" };
    await subscribed(capped);
    const first = await buy(capped);
    expect((await flowPost("/flow/actions/send-survey", run(capped.id))).status).toBe(200);
    await runJobs();
    await store.advance(HOUR);
    expect(await db.message.count({ where: { toEmail: capped.email } })).toBe(1);
    await db.$transaction((tx) => saveCampaign(tx, SHOP, "post_purchase", { settings: { cooldownDays: 0 } }));
    await store.advance(2 * HOUR); // well within the 16 hours of the cap
    const second = await buy(capped);
    expect(second).not.toBe(first);
    expect((await flowPost("/flow/actions/send-survey", run(capped.id))).status).toBe(200);
    await runJobs();
    await store.advance(0);
    const postponed = await db.decision.findFirstOrThrow({
      where: { shop: SHOP, email: capped.email, kind: "postponed" },
    });
    expect(postponed.reason).toMatch(
      /^frequency cap \(one marketing email per 16 hours\), then quiet hours; now due /,
    );
    await store.advance(DAY);
    expect(await db.message.count({ where: { toEmail: capped.email } })).toBe(2);
  });

  it("refuses a survey Replyloop does not send, and a run for a shop without the app", async () => {
    const unknown = await flowPost(
      "/flow/actions/send-survey",
      run("7306", { properties: { customer_id: "7306", survey: "nps_weekly" } }),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ ok: false });
    const elsewhere = await flowPost(
      "/flow/actions/send-survey",
      run("7306", { shopify_domain: "not-installed.myshopify.com" }),
    );
    expect(elsewhere.status).toBe(400);
    expect(await db.flowActionRun.count({ where: { customerId: "7306" } })).toBe(0);
  });
});
