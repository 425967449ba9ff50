// Issue 16: the post-purchase survey's delivery modes, end to end — the Thank-you / Order status block
// against the built app, the store's order webhooks, and the email journey on a clock the test moves.
// "Page, then email to those who did not answer" (the default): a page answer means no survey email
// for that order, said on the journey timeline (skipped before the journey starts, cancelled after);
// "page only": never an email; "email only": the block shows nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCampaign } from "../app/campaigns/config.server";
import { defaultSettings, type PostPurchaseSettings } from "../app/campaigns/settings";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { DAY, ManualClock } from "../app/lib/clock";
import { startBuiltApp } from "./helpers/app-server";
import { campaignStore, type Customer } from "./helpers/campaign-store";
import { seedShop } from "./helpers/shopify";
import { mintCheckoutToken, orderGid, surveyBlock } from "./helpers/storefront";

const SHOP = "delivery-modes.myshopify.com";
const clock = new ManualClock("2026-04-06T10:00:00Z"); // a Monday, 10:00 UTC
installClock(clock);
const store = campaignStore(SHOP, clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(SHOP, { name: "Modes" });
  app = await startBuiltApp();
});
afterAll(() => app?.close());

async function configure(delivery: PostPurchaseSettings["delivery"], enabled = true) {
  const settings: PostPurchaseSettings = { ...defaultSettings("post_purchase"), delivery };
  await db.$transaction((tx) => saveCampaign(tx, SHOP, "post_purchase", { enabled, settings }));
}

let nextOrder = 7001;
let nextCustomer = 6001;
/** A new buyer places an order (orders/create), as the Thank-you page shows. */
async function buy() {
  const id = nextOrder++;
  const customerId = String(nextCustomer++);
  const who: Customer = { id: customerId, email: `buyer${customerId}@example.com` };
  await store.order("orders/create", who, id, { name: `#${id}`, created_at: clock.now().toISOString() });
  return { id, who };
}
const fulfil = (order: { id: number; who: Customer }) =>
  store.order("orders/fulfilled", order.who, order.id, {
    name: `#${order.id}`,
    fulfillment_status: "fulfilled",
  });

const block = (customerId?: string) =>
  surveyBlock(app.url, () => mintCheckoutToken(SHOP, customerId ? { customerId } : {}));

const timelineOf = async (email: string) =>
  (await db.decision.findMany({ where: { shop: SHOP, email }, orderBy: [{ at: "asc" }, { id: "asc" }] })).map(
    (d) => `${d.kind}: ${d.reason ?? ""}`,
  );
const emailsTo = (email: string) => db.message.count({ where: { shop: SHOP, toEmail: email } });

describe("page, then email to those who did not answer (the default)", () => {
  beforeAll(() => configure("page_then_email"));

  it("answered on the Thank-you page: the survey email for that order is skipped, and says why", async () => {
    const order = await buy();
    const res = await block().answer({ orderId: orderGid(order.id), questionKey: "nps", value: "10" });
    expect(res.status).toBe(200);
    await fulfil(order);
    await store.advance(8 * DAY);
    expect(await emailsTo(order.who.email)).toBe(0);
    expect(await timelineOf(order.who.email)).toEqual([
      expect.stringMatching(/^answered: How likely .* → 10 \(Thank-you page, order #7001\)$/),
      "skipped: answered the survey on the Thank-you page",
    ]);
    expect(await db.journey.count({ where: { shop: SHOP, subjectKey: String(order.id) } })).toBe(0);
  });

  it("answered later on the Order status page: the scheduled email is cancelled with the reason", async () => {
    const order = await buy();
    await fulfil(order);
    const send = await db.scheduledSend.findFirstOrThrow({ where: { shop: SHOP, email: order.who.email } });
    expect(send.state).toBe("scheduled");
    await store.advance(2 * DAY);
    const res = await block(order.who.id).answer({
      surface: "order_status",
      orderId: orderGid(order.id),
      questionKey: "nps",
      value: "6",
    });
    expect(res.status).toBe(200);
    expect((await db.scheduledSend.findUniqueOrThrow({ where: { id: send.id } })).state).toBe("cancelled");
    await store.advance(8 * DAY);
    expect(await emailsTo(order.who.email)).toBe(0);
    const timeline = await timelineOf(order.who.email);
    expect(timeline.slice(-3)).toEqual([
      expect.stringMatching(/^answered: How likely .* → 6 \(Order status page, order #\d+\)$/),
      "cancelled: survey: answered the survey on the Order status page",
      "exited: answered the survey on the Order status page",
    ]);
  });

  it("not answered on the page: the email goes out as scheduled", async () => {
    const order = await buy();
    await fulfil(order);
    await store.advance(8 * DAY);
    expect(await emailsTo(order.who.email)).toBe(1);
  });

  it("an answer that waited for its order still keeps the email from going (survey on payment)", async () => {
    await db.$transaction((tx) =>
      saveCampaign(tx, SHOP, "post_purchase", {
        settings: { ...defaultSettings("post_purchase"), trigger: "paid" },
      }),
    );
    const who: Customer = { id: "6900", email: "fast.buyer@example.com" };
    // The Thank-you page is faster than the webhooks: the answer waits for its order.
    const res = await block().answer({ orderId: orderGid(7900), questionKey: "nps", value: "9" });
    expect(res.status).toBe(200);
    await store.order("orders/create", who, 7900, { name: "#7900", created_at: clock.now().toISOString() });
    await store.order("orders/paid", who, 7900, { name: "#7900", financial_status: "paid" });
    await store.advance(8 * DAY);
    expect(await emailsTo(who.email)).toBe(0);
    expect(await timelineOf(who.email)).toContain("skipped: answered the survey on the Thank-you page");
    await configure("page_then_email");
  });
});

describe("page only", () => {
  beforeAll(() => configure("page_only"));

  it("asks on the page, and never emails the survey (the skip says why)", async () => {
    const order = await buy();
    const survey = await (await block().survey(orderGid(order.id))).json();
    expect(survey).toMatchObject({ show: true, question: { key: "nps" } });
    await fulfil(order);
    await store.advance(8 * DAY);
    expect(await emailsTo(order.who.email)).toBe(0);
    expect(await timelineOf(order.who.email)).toEqual([
      "skipped: the survey is asked on the Thank-you and Order status pages only (no email in this delivery mode)",
    ]);
  });
});

describe("email only", () => {
  beforeAll(() => configure("email_only"));

  it("the block shows nothing and takes no answer; the email goes", async () => {
    const order = await buy();
    expect(await (await block().survey(orderGid(order.id))).json()).toEqual({
      version: 1,
      show: false,
      reason: "email_only",
    });
    const res = await block().answer({ orderId: orderGid(order.id), questionKey: "nps", value: "10" });
    expect(res.status).toBe(400);
    await fulfil(order);
    await store.advance(8 * DAY);
    expect(await emailsTo(order.who.email)).toBe(1);
  });
});

describe("campaign off", () => {
  beforeAll(() => configure("page_then_email", false));

  it("the block shows nothing", async () => {
    const order = await buy();
    expect(await (await block().survey(orderGid(order.id))).json()).toEqual({
      version: 1,
      show: false,
      reason: "campaign_off",
    });
    expect(
      (await block().answer({ orderId: orderGid(order.id), questionKey: "nps", value: "1" })).status,
    ).toBe(400);
  });
});
