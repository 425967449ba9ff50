// Queries rewritten so that SQLite (no statistics) reads a customer's or a page's few rows by a
// selective index instead of a big shop's whole table: one query per state merged in code, the shop
// in each branch of an OR, ids looked up without the shop, sorting and filtering in code. What the
// merchant and the customer see is what the single queries returned: the Sends page's 200 soonest
// pending sends and 20 latest stopped ones across both states, the page survey's answers so far, a
// customer's latest order, what a redaction erases and a data request exports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expirePageAnswers, surveyForOrder } from "../app/answers/page-answers.server";
import { suppressAndExit } from "../app/campaigns/journey-state.server";
import { collectCustomerData, redactCustomer } from "../app/customers/compliance.server";
import { latestOrderOf } from "../app/customers/orders.server";
import db from "../app/db.server";
import { adminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { resetDatabase } from "./helpers/db";
import { seedShop } from "./helpers/shopify";

const SHOP = "plans-store.myshopify.com";
const OTHER = "plans-neighbour.myshopify.com";
const T0 = new Date("2026-11-01T09:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function journeyOf(shop: string, subjectKey: string, email = "buyer@example.com", customerId?: string) {
  return db.journey.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      subjectKey,
      email,
      customerId: customerId ?? null,
      enteredAt: T0,
      context: {
        cursor: 1,
        sent: [],
        checkout: { token: subjectKey, lineItems: [], totalCents: 5000, currency: "USD" },
      },
    },
  });
}

type SendSeed = { id: string; state: string; runAt: Date; updatedAt?: Date; email?: string };
async function sendsOf(shop: string, journeyId: string, sends: SendSeed[]) {
  await db.scheduledSend.createMany({
    data: sends.map((s) => ({
      id: s.id,
      shop,
      journeyId,
      campaign: "abandoned_cart",
      step: "reminder",
      email: s.email ?? "buyer@example.com",
      runAt: s.runAt,
      state: s.state,
      idempotencyKey: `${shop}:${s.id}`,
      ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    })),
  });
}

describe("the Sends page", () => {
  let app: Awaited<ReturnType<typeof startBuiltApp>>;
  const SENDS = "routes/app.sends._index";
  type Listed = { id: string; state: string; runAt: string; why: string };
  type Stopped = { id: string; state: string; at: string };

  beforeAll(async () => {
    await resetDatabase();
    await seedShop(SHOP);
    await seedShop(OTHER);
    app = await startBuiltApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists the 200 soonest pending sends of both states in order (a tie by id), with their count", async () => {
    const journey = await journeyOf(SHOP, "pending-cart");
    // 150 scheduled and 150 dispatching sends, interleaved; every third minute is shared by sends of
    // both states (ties, in order of id).
    const sends: SendSeed[] = [];
    for (let i = 0; i < 150; i++)
      sends.push({ id: `p-s-${String(i).padStart(3, "0")}`, state: "scheduled", runAt: minutes(i) });
    for (let i = 0; i < 90; i++)
      sends.push({
        id: `p-d-${String(i).padStart(3, "0")}`,
        state: "dispatching",
        runAt: minutes(i * 3 + 1),
      });
    for (let i = 0; i < 60; i++)
      sends.push({ id: `p-t-${String(i).padStart(3, "0")}`, state: "dispatching", runAt: minutes(i * 3) });
    // Not pending, or not this shop's: never listed, even when sooner.
    sends.push({ id: "p-x-sent", state: "sent", runAt: minutes(-10) });
    sends.push({ id: "p-x-cancelled", state: "cancelled", runAt: minutes(-10), updatedAt: minutes(-100) });
    await sendsOf(SHOP, journey.id, sends);
    const neighbour = await journeyOf(OTHER, "pending-cart");
    await sendsOf(OTHER, neighbour.id, [{ id: "p-n-early", state: "scheduled", runAt: minutes(-60) }]);
    // The engine's reason for one send: moved out of quiet hours.
    await db.decision.create({
      data: {
        shop: SHOP,
        journeyId: journey.id,
        campaign: "abandoned_cart",
        email: "buyer@example.com",
        kind: "scheduled",
        reason: "reminder: moved out of quiet hours",
        detail: { sendId: "p-s-000", dueAt: minutes(-5).toISOString() },
        at: T0,
      },
    });

    const data = (await (await adminClient(app.url, SHOP).load("/app/sends", SENDS)).json()) as {
      total: number;
      sends: Listed[];
    };
    // What one query ordered by (runAt, id) with a limit of 200 returns.
    const expected = await db.scheduledSend.findMany({
      where: { shop: SHOP, state: { in: ["scheduled", "dispatching"] } },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
      take: 200,
    });
    expect(data.total).toBe(300);
    expect(data.sends).toHaveLength(200);
    expect(data.sends.map((s) => [s.id, s.state, s.runAt])).toEqual(
      expected.map((s) => [s.id, s.state, s.runAt.toISOString()]),
    );
    expect(data.sends.slice(0, 4).map((s) => s.id)).toEqual(["p-s-000", "p-t-000", "p-d-000", "p-s-001"]);
    expect(new Set(data.sends.map((s) => s.state))).toEqual(new Set(["scheduled", "dispatching"]));
    expect(data.sends[0]!.why).toBe("Left a checkout of $50.00; moved out of quiet hours");
    expect(data.sends[1]!.why).toBe("Left a checkout of $50.00");
  });

  it("lists the 20 latest stopped sends across cancelled and failed, the latest first (a tie by id)", async () => {
    const journey = await journeyOf(SHOP, "stopped-cart");
    const sends: SendSeed[] = [];
    for (let i = 0; i < 25; i++)
      sends.push({
        id: `s-c-${String(i).padStart(2, "0")}`,
        state: "cancelled",
        runAt: T0,
        updatedAt: minutes(i * 2),
      });
    for (let i = 0; i < 15; i++)
      sends.push({
        id: `s-f-${String(i).padStart(2, "0")}`,
        state: "failed",
        runAt: T0,
        updatedAt: minutes(i * 3),
      });
    await sendsOf(SHOP, journey.id, sends);
    const neighbour = await journeyOf(OTHER, "stopped-cart");
    await sendsOf(OTHER, neighbour.id, [
      { id: "s-n-late", state: "failed", runAt: T0, updatedAt: minutes(1000) },
    ]);

    const data = (await (await adminClient(app.url, SHOP).load("/app/sends", SENDS)).json()) as {
      stopped: Stopped[];
    };
    const expected = await db.scheduledSend.findMany({
      where: { shop: SHOP, state: { in: ["cancelled", "failed"] } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 20,
    });
    expect(data.stopped.map((s) => [s.id, s.state, s.at])).toEqual(
      expected.map((s) => [s.id, s.state, s.updatedAt.toISOString()]),
    );
    // Minute 42: the failed send and the cancelled send of that minute, by id (the latest id first).
    expect(data.stopped.slice(0, 5).map((s) => s.id)).toEqual([
      "s-c-24",
      "s-c-23",
      "s-c-22",
      "s-f-14",
      "s-c-21",
    ]);
    expect(data.stopped.map((s) => s.id)).toContain("s-f-13");
    expect(data.stopped.findIndex((s) => s.id === "s-f-14")).toBeLessThan(
      data.stopped.findIndex((s) => s.id === "s-c-21"),
    );
  });
});

describe("page answers, orders and suppression", () => {
  beforeAll(async () => {
    await resetDatabase();
    await seedShop(SHOP);
    await seedShop(OTHER);
  });

  it("the page survey counts the answers given in the order's survey email", async () => {
    await db.campaignConfig.create({
      data: { shop: SHOP, kind: "post_purchase", enabled: true, settings: {} },
    });
    await db.shopOrder.create({
      data: {
        shop: SHOP,
        orderId: "7001",
        name: "#7001",
        email: "ann@example.com",
        totalCents: 100,
        currency: "USD",
        placedAt: T0,
      },
    });
    const journey = await db.journey.create({
      data: {
        shop: SHOP,
        campaign: "post_purchase",
        subjectKey: "7001",
        email: "ann@example.com",
        enteredAt: T0,
        context: {},
      },
    });
    await db.scheduledSend.create({
      data: {
        shop: SHOP,
        journeyId: journey.id,
        campaign: "post_purchase",
        step: "survey",
        email: "ann@example.com",
        runAt: T0,
        state: "sent",
        messageId: "msg-7001",
        idempotencyKey: "msg-7001",
      },
    });
    await db.answer.create({
      data: {
        shop: SHOP,
        messageId: "msg-7001",
        campaign: "post_purchase",
        questionKey: "nps",
        value: "8",
        email: "ann@example.com",
        channel: "link",
        answeredAt: T0,
      },
    });
    const survey = await surveyForOrder(
      db,
      { shop: SHOP, customerId: null },
      { orderId: "7001", locale: "en" },
    );
    expect(survey).toMatchObject({ show: true, answered: { nps: "8" } });
  });

  it("forgets page answers of every state after the retention period, and expires old pending ones", async () => {
    const now = new Date("2027-12-31T00:00:00Z");
    const days = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);
    const rows = [
      ["old-pending", "pending", days(401)],
      ["old-confirmed", "confirmed", days(401)],
      ["old-refused", "refused", days(500)],
      ["old-expired", "expired", days(401)],
      ["week-pending", "pending", days(8)],
      ["new-pending", "pending", days(1)],
      ["kept-confirmed", "confirmed", days(399)],
    ] as const;
    await db.pageAnswer.createMany({
      data: rows.map(([key, state, receivedAt]) => ({
        shop: key.startsWith("old") ? OTHER : SHOP,
        orderId: `order-${key}`,
        questionKey: "nps",
        value: "5",
        source: "thank_you_page",
        idempotencyKey: key,
        locale: "en",
        state,
        receivedAt,
      })),
    });
    expect(await expirePageAnswers(db, now)).toBe(2);
    const left = await db.pageAnswer.findMany({
      where: { idempotencyKey: { in: rows.map(([key]) => key) } },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(left.map((r) => [r.idempotencyKey, r.state])).toEqual([
      ["kept-confirmed", "confirmed"],
      ["new-pending", "pending"],
      ["week-pending", "expired"],
    ]);
  });

  it("a customer's latest order is found by their customer id or their address, in their shop only", async () => {
    const order = (
      shop: string,
      orderId: string,
      placedAt: Date,
      who: { email?: string; customerId?: string },
    ) =>
      db.shopOrder.create({
        data: { shop, orderId, name: `#${orderId}`, totalCents: 100, currency: "USD", placedAt, ...who },
      });
    await order(SHOP, "8001", minutes(10), { customerId: "c-8", email: "old@example.com" });
    await order(SHOP, "8002", minutes(20), { email: "eve@example.com" });
    await order(SHOP, "8003", minutes(5), { customerId: "c-8", email: "eve@example.com" });
    await order(SHOP, "8004", minutes(30), { customerId: "c-9", email: "someone@example.com" });
    await order(OTHER, "8005", minutes(40), { customerId: "c-8", email: "eve@example.com" });
    expect((await latestOrderOf(db, SHOP, { customerId: "c-8", email: "eve@example.com" }))?.orderId).toBe(
      "8002",
    );
    expect((await latestOrderOf(db, SHOP, { customerId: "c-8", email: null }))?.orderId).toBe("8001");
    expect(await latestOrderOf(db, SHOP, { customerId: "c-0", email: "nobody@example.com" })).toBeNull();
  });

  it("suppressing an address cancels its scheduled sends, leaves a dispatching one and other addresses'", async () => {
    const email = "stray@example.com";
    const ended = await journeyOf(SHOP, "stray-cart", email);
    await db.journey.update({ where: { id: ended.id }, data: { state: "exited", exitReason: "converted" } });
    await sendsOf(SHOP, ended.id, [
      { id: "stray-scheduled", state: "scheduled", runAt: minutes(60), email },
      { id: "stray-dispatching", state: "dispatching", runAt: minutes(1), email },
      { id: "stray-sent", state: "sent", runAt: minutes(-60), email },
      { id: "stray-other-address", state: "scheduled", runAt: minutes(60), email: "keep@example.com" },
    ]);
    const neighbour = await journeyOf(OTHER, "stray-cart", email);
    await sendsOf(OTHER, neighbour.id, [
      { id: "stray-other-shop", state: "scheduled", runAt: minutes(60), email },
    ]);

    const result = await db.$transaction((tx) => suppressAndExit(tx, SHOP, email, "unsubscribed", T0));
    expect(result).toEqual({ suppressed: true, cancelled: 2 });
    const states = await db.scheduledSend.findMany({
      where: { id: { startsWith: "stray-" } },
      orderBy: { id: "asc" },
      select: { id: true, state: true, reason: true },
    });
    expect(states).toEqual([
      { id: "stray-dispatching", state: "dispatching", reason: null },
      { id: "stray-other-address", state: "scheduled", reason: null },
      { id: "stray-other-shop", state: "scheduled", reason: null },
      { id: "stray-scheduled", state: "cancelled", reason: "suppressed: unsubscribed" },
      { id: "stray-sent", state: "sent", reason: null },
    ]);
    const timeline = await db.decision.findMany({ where: { shop: SHOP, email, kind: "cancelled" } });
    expect(timeline.map((d) => d.reason)).toEqual(["address suppressed (unsubscribed)"]);
  });
});

describe("customer data requests and redaction", () => {
  const CUSTOMER = "555000";
  const EMAIL = "gone@example.com";
  const at = T0;

  /** Rows found by each key alone, rows of another customer, and the same customer in another shop. */
  async function seed() {
    await resetDatabase();
    await seedShop(SHOP);
    await seedShop(OTHER);
    for (const shop of [SHOP, OTHER]) {
      // A journey by customer id only (another address), one by address only.
      const byId = await journeyOf(shop, "by-id", "former@example.com", CUSTOMER);
      const byEmail = await journeyOf(shop, "by-email", EMAIL);
      const someoneElse = await journeyOf(shop, "someone-else", "else@example.com", "999");
      await db.scheduledSend.createMany({
        data: [
          // Tied to the customer only by its journey.
          {
            shop,
            journeyId: byId.id,
            campaign: "abandoned_cart",
            step: "a",
            email: "typo@example.com",
            runAt: at,
            idempotencyKey: `${shop}:a`,
          },
          // Only by customer id / only by address.
          {
            shop,
            journeyId: someoneElse.id,
            campaign: "abandoned_cart",
            step: "b",
            customerId: CUSTOMER,
            email: "x@example.com",
            runAt: at,
            idempotencyKey: `${shop}:b`,
          },
          {
            shop,
            journeyId: someoneElse.id,
            campaign: "abandoned_cart",
            step: "c",
            email: EMAIL,
            runAt: at,
            idempotencyKey: `${shop}:c`,
          },
          // Someone else's.
          {
            shop,
            journeyId: someoneElse.id,
            campaign: "abandoned_cart",
            step: "d",
            customerId: "999",
            email: "else@example.com",
            runAt: at,
            idempotencyKey: `${shop}:d`,
          },
        ],
      });
      await db.decision.createMany({
        data: [
          { shop, journeyId: byEmail.id, campaign: "abandoned_cart", kind: "entered", at },
          { shop, journeyId: null, campaign: "abandoned_cart", customerId: CUSTOMER, kind: "skipped", at },
          { shop, journeyId: null, campaign: "abandoned_cart", email: EMAIL, kind: "skipped", at },
          {
            shop,
            journeyId: someoneElse.id,
            campaign: "abandoned_cart",
            customerId: "999",
            kind: "entered",
            at,
          },
        ],
      });
      const message = await db.message.create({
        data: {
          shop,
          campaign: "abandoned_cart",
          step: "a",
          toEmail: EMAIL,
          fromAddr: "shop@example.com",
          subject: "s",
          headers: {},
          html: "",
          text: "",
          transport: "outbox",
        },
      });
      await db.answer.createMany({
        data: [
          // By its message only (the answer names another address).
          {
            shop,
            messageId: message.id,
            campaign: "abandoned_cart",
            questionKey: "q1",
            value: "1",
            email: "alias@example.com",
            channel: "link",
            answeredAt: at,
          },
          {
            shop,
            campaign: "abandoned_cart",
            questionKey: "q2",
            value: "2",
            email: "z@example.com",
            customerId: CUSTOMER,
            channel: "link",
            answeredAt: at,
          },
          {
            shop,
            campaign: "abandoned_cart",
            questionKey: "q3",
            value: "3",
            email: EMAIL,
            channel: "link",
            answeredAt: at,
          },
          {
            shop,
            campaign: "abandoned_cart",
            questionKey: "q4",
            value: "4",
            email: "else@example.com",
            customerId: "999",
            channel: "link",
            answeredAt: at,
          },
        ],
      });
      await db.answerClick.createMany({
        data: [
          {
            shop,
            messageId: message.id,
            questionKey: "q1",
            value: "1",
            email: "alias@example.com",
            state: "confirmed",
            flags: [],
            at,
          },
          {
            shop,
            messageId: "m-other",
            questionKey: "q1",
            value: "1",
            email: EMAIL,
            state: "confirmed",
            flags: [],
            at,
          },
          {
            shop,
            messageId: "m-else",
            questionKey: "q1",
            value: "1",
            email: "else@example.com",
            state: "confirmed",
            flags: [],
            at,
          },
        ],
      });
      await db.conversion.createMany({
        data: [
          {
            shop,
            campaign: "abandoned_cart",
            journeyId: byId.id,
            orderId: "conv-1",
            step: "a",
            amountCents: 1,
            currency: "USD",
            orderedAt: at,
          },
          {
            shop,
            campaign: "abandoned_cart",
            journeyId: someoneElse.id,
            orderId: "conv-2",
            step: "a",
            amountCents: 1,
            currency: "USD",
            orderedAt: at,
          },
        ],
      });
      await db.shopOrder.createMany({
        data: [
          {
            shop,
            orderId: "o-id",
            name: "#1",
            customerId: CUSTOMER,
            totalCents: 1,
            currency: "USD",
            placedAt: at,
          },
          {
            shop,
            orderId: "o-email",
            name: "#2",
            email: EMAIL,
            totalCents: 1,
            currency: "USD",
            placedAt: at,
          },
          {
            shop,
            orderId: "o-else",
            name: "#3",
            customerId: "999",
            email: "else@example.com",
            totalCents: 1,
            currency: "USD",
            placedAt: at,
          },
        ],
      });
      const pageAnswer = (orderId: string, tokenCustomerId: string | null, key: string) => ({
        shop,
        orderId,
        questionKey: "nps",
        value: "5",
        source: "thank_you_page",
        idempotencyKey: key,
        locale: "en",
        tokenCustomerId,
        receivedAt: at,
      });
      await db.pageAnswer.createMany({
        data: [
          pageAnswer("o-id", null, "pa-1"),
          pageAnswer("o-email", null, "pa-2"),
          pageAnswer("o-named", null, "pa-3"),
          pageAnswer("o-token", CUSTOMER, "pa-4"),
          pageAnswer("o-else", null, "pa-5"),
        ],
      });
      await db.customer.createMany({
        data: [
          { shop, shopifyId: CUSTOMER, email: "former@example.com", phone: "+15550001111", tags: [] },
          { shop, shopifyId: "556000", email: EMAIL, tags: [] },
          { shop, shopifyId: "999", email: "else@example.com", tags: [] },
        ],
      });
      const text = { shop, campaign: "abandoned_cart", step: "a", body: "b", transport: "outbox" };
      const reply = { shop, body: "x", outcome: "recorded", receivedAt: at };
      await db.smsMessage.createMany({
        data: [
          { ...text, toPhone: "+15550002222", email: "z@example.com", customerId: CUSTOMER },
          { ...text, toPhone: "+15550003333", email: EMAIL },
          { ...text, toPhone: "+15550004444", email: "else@example.com", customerId: "999" },
        ],
      });
      await db.smsReply.createMany({
        data: [
          { ...reply, providerId: "r1", fromPhone: "+15550001111" },
          { ...reply, providerId: "r2", fromPhone: "+15550009999", email: EMAIL },
          { ...reply, providerId: "r3", fromPhone: "+15550009999", customerId: "999" },
        ],
      });
      await db.event.createMany({
        data: [
          {
            shop,
            source: "shopify",
            topic: "orders/create",
            dedupeKey: "e1",
            payload: {},
            customerId: CUSTOMER,
          },
          { shop, source: "shopify", topic: "orders/create", dedupeKey: "e2", payload: {}, email: EMAIL },
          {
            shop,
            source: "shopify",
            topic: "orders/create",
            dedupeKey: "e3",
            payload: {},
            customerId: "999",
          },
        ],
      });
    }
  }

  /** What each table holds in `shop`, as the keys that tell the rows apart. */
  async function contents(shop: string) {
    const sorted = (values: (string | null)[]) => values.map(String).sort();
    return {
      journeys: sorted((await db.journey.findMany({ where: { shop } })).map((r) => r.subjectKey)),
      sends: sorted((await db.scheduledSend.findMany({ where: { shop } })).map((r) => r.step)),
      decisions: sorted(
        (await db.decision.findMany({ where: { shop } })).map((r) => `${r.kind}:${r.customerId}:${r.email}`),
      ),
      messages: await db.message.count({ where: { shop } }),
      answers: sorted((await db.answer.findMany({ where: { shop } })).map((r) => r.questionKey)),
      clicks: sorted(
        (await db.answerClick.findMany({ where: { shop } })).map(
          (r) => `${r.messageId === "m-else" ? "else" : r.email}`,
        ),
      ),
      conversions: sorted((await db.conversion.findMany({ where: { shop } })).map((r) => r.orderId)),
      orders: sorted((await db.shopOrder.findMany({ where: { shop } })).map((r) => r.orderId)),
      pageAnswers: sorted((await db.pageAnswer.findMany({ where: { shop } })).map((r) => r.idempotencyKey)),
      customers: sorted((await db.customer.findMany({ where: { shop } })).map((r) => r.shopifyId)),
      texts: sorted((await db.smsMessage.findMany({ where: { shop } })).map((r) => r.toPhone)),
      replies: sorted((await db.smsReply.findMany({ where: { shop } })).map((r) => r.providerId)),
      events: sorted((await db.event.findMany({ where: { shop } })).map((r) => r.dedupeKey)),
    };
  }

  const ref = { customerId: CUSTOMER, email: EMAIL, orderIds: ["o-named"] };

  it("a data request exports the rows found by each of the customer's keys, and no one else's", async () => {
    await seed();
    const found = await collectCustomerData(db, SHOP, ref);
    expect(found.found).toBe(true);
    const data = found as Required<typeof found>;
    const sorted = (values: (string | null)[]) => values.map(String).sort();
    expect({
      journeys: sorted(data.journeys.map((r) => r.subjectKey)),
      sends: sorted(data.scheduledSends.map((r) => r.step)),
      decisions: sorted(data.decisions.map((r) => `${r.kind}:${r.customerId}:${r.email}`)),
      answers: sorted(data.answers.map((r) => r.questionKey)),
      orders: sorted(data.orders.map((r) => r.orderId)),
      pageAnswers: sorted(data.pageAnswers.map((r) => r.idempotencyKey)),
      customers: sorted(data.customers.map((r) => r.shopifyId)),
      texts: sorted(data.texts.map((r) => r.toPhone)),
      replies: sorted(data.textReplies.map((r) => r.providerId)),
      events: data.events.length,
    }).toEqual({
      journeys: ["by-email", "by-id"],
      sends: ["b", "c"],
      decisions: [`skipped:${CUSTOMER}:null`, `skipped:null:${EMAIL}`],
      answers: ["q2", "q3"],
      orders: ["o-email", "o-id"],
      pageAnswers: ["pa-1", "pa-2", "pa-3", "pa-4"],
      customers: [CUSTOMER, "556000"],
      texts: ["+15550002222", "+15550003333"],
      replies: ["r1", "r2"],
      events: 2,
    });
  });

  it("a redaction erases the rows found by any key, their journeys' and messages' rows, and nothing else", async () => {
    await seed();
    const neighbourBefore = await contents(OTHER);
    await db.$transaction((tx) => redactCustomer(tx, SHOP, ref));
    expect(await contents(SHOP)).toEqual({
      journeys: ["someone-else"],
      sends: ["d"],
      decisions: ["entered:999:null"],
      messages: 0,
      answers: ["q4"],
      clicks: ["else"],
      conversions: ["conv-2"],
      orders: ["o-else"],
      pageAnswers: ["pa-5"],
      customers: ["999"],
      texts: ["+15550004444"],
      replies: ["r3"],
      events: ["e3"],
    });
    expect(await contents(OTHER)).toEqual(neighbourBefore);
    expect(neighbourBefore.journeys).toEqual(["by-email", "by-id", "someone-else"]);
  });

  it("a redaction by address alone leaves the rows only the customer id names", async () => {
    await seed();
    await db.$transaction((tx) => redactCustomer(tx, SHOP, { email: EMAIL }));
    const left = await contents(SHOP);
    expect(left.journeys).toEqual(["by-id", "someone-else"]);
    expect(left.sends).toEqual(["a", "b", "d"]);
    expect(left.decisions).toEqual(["entered:999:null", `skipped:${CUSTOMER}:null`]);
    expect(left.answers).toEqual(["q2", "q4"]);
    expect(left.orders).toEqual(["o-else", "o-id"]);
    expect(left.pageAnswers).toEqual(["pa-1", "pa-3", "pa-4", "pa-5"]);
    expect(left.customers).toEqual([CUSTOMER, "999"]);
    expect(left.conversions).toEqual(["conv-1", "conv-2"]);
  });
});
