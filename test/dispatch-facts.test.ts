// The dispatch job decides on facts it reads in plain SQL (app/campaigns/send-facts.server.ts) and
// records the outcome the same way (decision 0017). What it reads must be what the rest of the app
// reads through Prisma — on SQLite and PostgreSQL, whatever the process's time zone — and the facts
// no other test reaches (an order event still being processed, a conversion) must change the send.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { knownAnswers } from "../app/answers/known.server";
import { loadCampaign, saveCampaign } from "../app/campaigns/config.server";
import { sweepDueSends } from "../app/campaigns/dispatch.server";
import { enterJourney, recordSendOutcome } from "../app/campaigns/journey-state.server";
import { consentFacts } from "../app/campaigns/facts.server";
import { readContext } from "../app/campaigns/journey-context";
import { pageAnswerOf } from "../app/campaigns/page-answers.server";
import { readSendFacts } from "../app/campaigns/send-facts.server";
import { suppressionOf } from "../app/customers/suppression.server";
import db, { directDb } from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { HOUR, MINUTE, ManualClock } from "../app/lib/clock";
import { readShop } from "../app/shops/shops.server";
import { campaignStore } from "./helpers/campaign-store";
import { resetDatabase } from "./helpers/db";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

const SHOP = "facts-store.myshopify.com";
const WHO = { id: "7001", email: "ana.facts@example.com" };
const clock = new ManualClock("2026-01-05T10:00:00Z"); // a Monday, 10:00 UTC
installClock(clock);
const store = campaignStore(SHOP, clock);
const zone = process.env.TZ;

beforeEach(async () => {
  await resetDatabase();
  clock.set("2026-01-05T10:00:00Z");
  await seedShop(SHOP, {
    customers: [
      {
        id: WHO.id,
        email: WHO.email,
        numberOfOrders: 2,
        amountSpent: "80.00",
        currencyCode: "USD",
        tags: [],
        marketingState: "SUBSCRIBED",
      },
    ],
  });
  await saveCampaign(db, SHOP, "abandoned_cart", { enabled: true });
  await saveCampaign(db, SHOP, "post_purchase", {
    enabled: true,
    settings: { trigger: "paid", delayMinutes: 60, delivery: "email_only" },
  });
  await runJobs();
  await store.consent(WHO, "subscribed");
});
afterEach(() => {
  process.env.TZ = zone;
});

/** The customer's sends, claimed by the sweep an hour after a paid order and a checkout. */
async function claimedSends() {
  // The order first: an order after the checkout would end the cart's journey.
  await store.order("orders/paid", WHO, 8101);
  clock.advance(MINUTE);
  await store.checkout(WHO, "tok-facts");
  clock.advance(HOUR + MINUTE);
  expect(await sweepDueSends(clock.now())).toBe(2);
  return db.scheduledSend.findMany({
    where: { shop: SHOP, state: "dispatching" },
    orderBy: { campaign: "asc" },
  });
}

/** What the rest of the app reads for a send, through Prisma. */
async function throughPrisma(sendId: string) {
  const send = await db.scheduledSend.findUniqueOrThrow({ where: { id: sendId } });
  const journey = await db.journey.findUniqueOrThrow({ where: { id: send.journeyId } });
  const context = readContext(journey.context);
  const shop = await readShop(db, SHOP);
  const lastCapped = await db.scheduledSend.findFirst({
    where: { shop: SHOP, email: send.email, state: "sent", capped: true, id: { not: send.id } },
    orderBy: { sentAt: "desc" },
  });
  return {
    journey: { id: journey.id, state: journey.state, enteredAt: journey.enteredAt, context },
    shop,
    campaign: await loadCampaign(db, SHOP, send.campaign as "post_purchase", shop.settings),
    suppression: await suppressionOf(db, SHOP, send.email),
    consent: await consentFacts(
      db,
      SHOP,
      { customerId: send.customerId, email: send.email },
      { acceptsMarketing: context.acceptsMarketing },
    ),
    lastCappedSendAt: lastCapped?.sentAt ?? null,
    pendingOrders: await db.event.count({
      where: {
        shop: SHOP,
        source: "shopify",
        topic: { in: ["orders/create", "orders/paid"] },
        state: "pending",
        OR: [{ email: send.email }, ...(send.customerId ? [{ customerId: send.customerId }] : [])],
      },
    }),
    convertedOrderId:
      (await db.conversion.findFirst({ where: { shop: SHOP, journeyId: journey.id } }))?.orderId ?? null,
    pageAnswer: await pageAnswerOf(db, SHOP, context.order?.id),
    answers: (await knownAnswers(db, SHOP, send.email)).values,
  };
}

describe("the facts a send is decided on", () => {
  it("are what Prisma reads, every one of them, on this database and in any time zone", async () => {
    const [cart, survey] = await claimedSends();
    // Give every fact something to find: an earlier capped email, an answer given on the
    // Thank-you page for the order and by email, an order event still pending, a conversion,
    // the address suppressed.
    const sentAt = new Date("2026-01-03T22:15:30.250Z");
    await db.scheduledSend.create({
      data: {
        shop: SHOP,
        journeyId: "an-older-journey",
        campaign: "vip",
        step: "welcome",
        customerId: WHO.id,
        email: WHO.email,
        runAt: sentAt,
        state: "sent",
        sentAt,
        idempotencyKey: "older:welcome",
      },
    });
    const answer = { shop: SHOP, campaign: "post_purchase", email: WHO.email, customerId: WHO.id };
    await db.answer.createMany({
      data: [
        {
          ...answer,
          source: "thank_you_page",
          orderId: "8101",
          questionKey: "nps",
          value: "9",
          channel: "page",
          answeredAt: clock.now(),
        },
        {
          ...answer,
          messageId: "an-earlier-email",
          questionKey: "source",
          value: "search",
          channel: "link",
          answeredAt: new Date(clock.now().getTime() - HOUR),
        },
        {
          ...answer,
          messageId: "an-email",
          questionKey: "source",
          value: "friend",
          channel: "link",
          answeredAt: clock.now(),
        },
      ],
    });
    await db.event.create({
      data: {
        shop: SHOP,
        source: "shopify",
        topic: "orders/create",
        dedupeKey: "order-8102",
        payload: {},
        email: WHO.email,
        customerId: WHO.id,
      },
    });
    await db.conversion.create({
      data: {
        shop: SHOP,
        campaign: "abandoned_cart",
        journeyId: cart!.journeyId,
        orderId: "8101",
        step: "reminder",
        amountCents: 4200,
        currency: "USD",
        orderedAt: clock.now(),
      },
    });
    await db.suppression.create({ data: { shop: SHOP, email: WHO.email, reason: "bounced" } });

    for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
      process.env.TZ = timeZone;
      for (const send of [cart!, survey!]) {
        const facts = await directDb.transaction((session) => readSendFacts(session, send.id));
        const expected = await throughPrisma(send.id);
        expect(facts, `${send.campaign} in ${timeZone}`).toMatchObject({
          send: { id: send.id, campaign: send.campaign, step: send.step, email: WHO.email },
          ...expected,
        });
      }
    }
    // And they found something: none of the comparisons above was between two empty values.
    const facts = await directDb.transaction((session) => readSendFacts(session, survey!.id));
    expect(facts).toMatchObject({
      suppression: "bounced",
      lastCappedSendAt: sentAt,
      pendingOrders: 1,
      pageAnswer: "Thank-you page",
      answers: { nps: "9", source: "friend" },
      consent: { marketingState: "SUBSCRIBED", ordersCount: 2 },
      journey: { context: { order: { id: "8101" } } },
      shop: { installed: true },
      campaign: { enabled: true, settings: { delayMinutes: 60 } },
    });
    expect(
      (await directDb.transaction((session) => readSendFacts(session, cart!.id)))?.convertedOrderId,
    ).toBe("8101");
  });

  it("a send stored with the address as typed (before sends were normalized) finds it all the same", async () => {
    const [cart] = await claimedSends();
    await db.suppression.create({ data: { shop: SHOP, email: WHO.email, reason: "unsubscribed" } });
    // Only the address leads to the customer mirror and the suppression.
    await db.scheduledSend.update({
      where: { id: cart!.id },
      data: { email: " Ana.Facts@Example.COM", customerId: null },
    });
    for (const read of [
      (id: string) => readSendFacts(directDb, id),
      (id: string) => directDb.transaction((session) => readSendFacts(session, id)),
    ]) {
      expect(await read(cart!.id)).toMatchObject({
        suppression: "unsubscribed",
        consent: { marketingState: "SUBSCRIBED", ordersCount: 2 },
      });
    }
  });

  it("a journey entered with the address as typed keeps it normalized, and so do its sends", async () => {
    const shop = await readShop(db, SHOP);
    const campaign = await loadCampaign(db, SHOP, "abandoned_cart", shop.settings);
    const journeyId = await db.$transaction((tx) =>
      enterJourney(
        tx,
        {
          shop: SHOP,
          campaign: "abandoned_cart",
          subjectKey: "checkout-typed",
          customerId: null,
          email: " Ana.Facts@Example.COM",
          context: {},
          note: null,
          now: clock.now(),
        },
        { definition: campaign.definition, timeZone: shop.timezone, quiet: shop.settings.quietHours },
      ),
    );
    expect(await db.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({
      email: WHO.email,
    });
    expect(await db.scheduledSend.findMany({ where: { journeyId }, select: { email: true } })).toEqual([
      { email: WHO.email },
    ]);
  });

  it("a send that is no longer being dispatched has none: it is left alone", async () => {
    const [cart] = await claimedSends();
    await db.scheduledSend.update({ where: { id: cart!.id }, data: { state: "cancelled" } });
    expect(await directDb.transaction((session) => readSendFacts(session, cart!.id))).toBeNull();
    expect(await directDb.transaction((session) => readSendFacts(session, "no-such-send"))).toBeNull();
  });
});

describe("deciding on them", () => {
  it("an order event of the customer still being processed: the reminder waits a minute for it", async () => {
    await store.checkout(WHO, "tok-wait");
    await db.event.create({
      data: {
        shop: SHOP,
        source: "shopify",
        topic: "orders/create",
        dedupeKey: "order-8201",
        payload: {},
        email: WHO.email,
      },
    });
    await store.advance(HOUR);
    const reminder = await db.scheduledSend.findFirstOrThrow({ where: { shop: SHOP, step: "reminder" } });
    expect(reminder).toMatchObject({
      state: "scheduled",
      reason: "an order of this customer is being processed",
    });
    expect(reminder.runAt.getTime() - clock.now().getTime()).toBe(MINUTE);
    expect(await db.message.count()).toBe(0);
    const said = await db.decision.findFirstOrThrow({ where: { shop: SHOP, kind: "postponed" } });
    expect(said.reason).toMatch(/^an order of this customer is being processed; now due /);
  });

  it("a conversion already attributed to the journey: the reminder is cancelled and the journey ends with the order", async () => {
    await store.checkout(WHO, "tok-converted");
    const journey = await db.journey.findFirstOrThrow({ where: { shop: SHOP, campaign: "abandoned_cart" } });
    await db.conversion.create({
      data: {
        shop: SHOP,
        campaign: "abandoned_cart",
        journeyId: journey.id,
        orderId: "8301",
        step: "reminder",
        amountCents: 1000,
        currency: "USD",
        orderedAt: clock.now(),
      },
    });
    await store.advance(HOUR);
    expect(await db.message.count()).toBe(0);
    expect(
      await db.scheduledSend.findFirstOrThrow({ where: { shop: SHOP, step: "reminder" } }),
    ).toMatchObject({
      state: "cancelled",
      reason: "the customer ordered (order 8301)",
    });
    expect(await db.journey.findUniqueOrThrow({ where: { id: journey.id } })).toMatchObject({
      state: "exited",
      exitReason: "the customer ordered (order 8301)",
    });
  });

  it("a sent email and what comes next read back in the order they happened, on the app's clock", async () => {
    await store.checkout(WHO, "tok-order");
    await store.advance(HOUR);
    const timeline = await db.decision.findMany({
      where: { shop: SHOP, campaign: "abandoned_cart" },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    expect(timeline.map((d) => d.kind)).toEqual(["entered", "scheduled", "sent", "scheduled"]);
    const [, , sent, next] = timeline;
    expect(sent!.at).toEqual(clock.now());
    expect(next!.at).toEqual(clock.now());
    const discount = await db.scheduledSend.findFirstOrThrow({ where: { shop: SHOP, step: "discount" } });
    expect(discount).toMatchObject({ state: "scheduled", createdAt: clock.now(), updatedAt: clock.now() });
  });
});

describe("recording a send's outcome", () => {
  /** The cart reminder, claimed, and what recording its outcome takes (as the dispatch job has it). */
  async function reminderOutcome() {
    const [cart] = await claimedSends();
    const facts = await readSendFacts(directDb, cart!.id);
    if (!facts?.journey) throw new Error("the reminder has no facts");
    const stepIndex = facts.campaign.definition.steps.findIndex((s) => s.id === "reminder");
    const step = facts.campaign.definition.steps[stepIndex];
    if (step?.kind !== "send") throw new Error("no reminder step");
    const input = {
      journey: facts.journey,
      step,
      stepIndex,
      context: facts.journey.context,
      schedule: {
        definition: facts.campaign.definition,
        timeZone: facts.shop.timezone,
        quiet: facts.shop.settings.quietHours,
      },
      now: clock.now(),
    };
    return { send: facts.send, input };
  }

  /** What a merchant's pages show of the journey: its row, its sends and its timeline. */
  async function journeyAsShown(journeyId: string) {
    return {
      journey: await db.journey.findUniqueOrThrow({ where: { id: journeyId } }),
      sends: await db.scheduledSend.findMany({ where: { journeyId }, orderBy: { createdAt: "asc" } }),
      timeline: (
        await db.decision.findMany({ where: { journeyId }, orderBy: [{ at: "asc" }, { id: "asc" }] })
      ).map((d) => d.kind),
    };
  }

  it("is written whole or not at all: a next email that cannot be scheduled leaves everything as it was", async () => {
    const { send, input } = await reminderOutcome();
    // Another send already holds the next step's key (what a second recording of this step would meet).
    const blocker = await db.scheduledSend.create({
      data: {
        shop: SHOP,
        journeyId: send.journeyId,
        campaign: "abandoned_cart",
        step: "discount",
        email: WHO.email,
        runAt: clock.now(),
        state: "cancelled",
        idempotencyKey: `${send.journeyId}:discount`,
      },
    });
    const before = await journeyAsShown(send.journeyId);
    const sent = { status: "sent" as const, messageId: "msg-whole-1" };
    await expect(recordSendOutcome(directDb, send, { ...input, outcome: sent })).rejects.toThrow();
    expect(await journeyAsShown(send.journeyId)).toEqual(before);
    expect(before.sends.find((s) => s.id === send.id)?.state).toBe("dispatching");

    await db.scheduledSend.delete({ where: { id: blocker.id } });
    expect(await recordSendOutcome(directDb, send, { ...input, outcome: sent })).toBe(true);
    const after = await journeyAsShown(send.journeyId);
    expect(after.sends.map((s) => [s.step, s.state, s.messageId])).toEqual([
      ["reminder", "sent", "msg-whole-1"],
      ["discount", "scheduled", null],
    ]);
    expect(readContext(after.journey.context)).toMatchObject({
      cursor: input.stepIndex + 1,
      sent: [{ step: "reminder", messageId: "msg-whole-1" }],
    });
    expect(after.timeline.slice(before.timeline.length)).toEqual(["sent", "scheduled"]);
  });

  it("a skip is recorded only while the send is still being dispatched", async () => {
    const { send, input } = await reminderOutcome();
    const skipped = { status: "skipped" as const, reason: "no SMS consent" };
    await db.scheduledSend.update({ where: { id: send.id }, data: { state: "cancelled" } });
    const before = await journeyAsShown(send.journeyId);
    expect(await recordSendOutcome(directDb, send, { ...input, outcome: skipped })).toBe(false);
    expect(await journeyAsShown(send.journeyId)).toEqual(before);

    await db.scheduledSend.update({ where: { id: send.id }, data: { state: "dispatching" } });
    expect(await recordSendOutcome(directDb, send, { ...input, outcome: skipped })).toBe(true);
    const after = await journeyAsShown(send.journeyId);
    expect(after.sends.map((s) => [s.step, s.state, s.reason])).toEqual([
      ["reminder", "skipped", "no SMS consent"],
      ["discount", "scheduled", null],
    ]);
    expect(after.timeline.slice(before.timeline.length)).toEqual(["skipped", "scheduled"]);
  });
});
