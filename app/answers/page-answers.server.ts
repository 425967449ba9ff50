// Answers given on the Thank-you and Order status pages (the survey UI extension). The buyer is
// known by their order: an answer for an order this shop told us about is confirmed at once; one
// for an order not seen yet (the Thank-you page can be faster than orders/create) is kept pending
// and confirmed when the order's webhook arrives; one for another shop's order is refused. A
// confirmed page answer goes where an email answer goes — an Answer row (source "thank_you_page" /
// "order_status_page"), the timeline, HubSpot's properties (write-behind), the Flow trigger — and
// tells the campaigns, which do not email a survey for an order answered on its page.
import { loadCampaign } from "../campaigns/config.server";
import { recordDecision } from "../campaigns/decisions.server";
import { onPageAnswered } from "../campaigns/page-answers.server";
import { kindOf, labelOf } from "../campaigns/questions";
import { answerProperties } from "../crm/properties";
import { recordCrmChange } from "../crm/writes.server";
import { ORDER_RETENTION_DAYS, findOrder, type KnownOrder } from "../customers/orders.server";
import db, { type Db, type Tx } from "../db.server";
import { typedHandler } from "../events/event";
import { queueAnswerReceived } from "../flow/triggers.server";
import { appClock } from "../lib/app-clock.server";
import { log } from "../lib/log.server";
import { isUniqueViolation } from "../lib/prisma-errors";
import { orderSchema } from "../shopify/payloads";
import { readShop } from "../shops/shops.server";
import { findQuestion } from "./answers.server";
import {
  SURFACE_SOURCES,
  checkPageAnswer,
  hiddenSurvey,
  shownSurvey,
  type PageSource,
  type Surface,
} from "./page-survey";
import { sourceLabel } from "./sources";

/** Who is asking, from the session token: the shop, and the customer when the buyer is logged in. */
export type Buyer = { shop: string; customerId: string | null };

/** A pending answer whose order never reached us is given up after this long. */
export const PENDING_DAYS = 7;

const CAMPAIGN = "post_purchase";

/** A page answer's states: "pending" until its order is known, then settled as one of the others. */
const PAGE_ANSWER_STATES = ["pending", "confirmed", "refused", "expired"];

type OrderCheck = { ok: true; order: KnownOrder | null } | { ok: false; reason: string };

/** The order as this buyer may answer about it: theirs, not yet known, or not for them. */
async function checkOrder(tx: Tx, buyer: Buyer, orderId: string): Promise<OrderCheck> {
  const found = await findOrder(tx, buyer.shop, orderId);
  if (found.state !== "known")
    return found.state === "elsewhere"
      ? { ok: false, reason: "the order belongs to another shop" }
      : { ok: true, order: null };
  const { order } = found;
  if (buyer.customerId && order.customerId && buyer.customerId !== order.customerId)
    return { ok: false, reason: "the order is another customer's" };
  return { ok: true, order };
}

/**
 * The order's answers so far, by question key: on its pages (pending or confirmed), and in the
 * survey email of the order's journey (a buyer who answered the email is not asked again).
 */
async function answeredFor(tx: Tx, shop: string, orderId: string): Promise<Record<string, string>> {
  const [onPage, journey] = await Promise.all([
    tx.pageAnswer.findMany({
      where: { shop, orderId, state: { in: ["pending", "confirmed"] } },
      select: { questionKey: true, value: true },
    }),
    tx.journey.findUnique({
      where: { shop_campaign_subjectKey: { shop, campaign: CAMPAIGN, subjectKey: orderId } },
      select: { id: true },
    }),
  ]);
  const sends = journey
    ? await tx.scheduledSend.findMany({
        where: { journeyId: journey.id, messageId: { not: null } },
        select: { messageId: true },
      })
    : [];
  const messageIds = sends.flatMap((s) => (s.messageId ? [s.messageId] : []));
  // By message id alone (the (messageId, questionKey) index; with the shop in the query SQLite reads
  // every answer of the shop), the shop checked here.
  const byEmail = messageIds.length
    ? (
        await tx.answer.findMany({
          where: { messageId: { in: messageIds } },
          select: { shop: true, questionKey: true, value: true },
        })
      ).filter((a) => a.shop === shop)
    : [];
  return Object.fromEntries([...byEmail, ...onPage].map((a) => [a.questionKey, a.value]));
}

/** Whether the shop asks the survey on its pages now (installed, campaign on, not email only). */
async function pageCampaign(tx: Tx, shop: string) {
  const facts = await readShop(tx, shop);
  const campaign = await loadCampaign(tx, shop, CAMPAIGN, facts.settings);
  if (!facts.installed || !campaign.enabled)
    return { asked: false as const, reason: "campaign_off" as const };
  if (campaign.settings.delivery === "email_only")
    return { asked: false as const, reason: "email_only" as const };
  return { asked: true as const, settings: campaign.settings };
}

/** GET /extensions/survey: what the block shows for this order. */
export async function surveyForOrder(database: Db, buyer: Buyer, query: { orderId: string; locale: string }) {
  const campaign = await pageCampaign(database, buyer.shop);
  if (!campaign.asked) return hiddenSurvey(campaign.reason);
  const order = await checkOrder(database, buyer, query.orderId);
  if (!order.ok) return hiddenSurvey("not_for_this_order");
  const answered = await answeredFor(database, buyer.shop, query.orderId);
  return shownSurvey(campaign.settings, query.locale, answered) ?? hiddenSurvey("no_scale_question");
}

export type PageAnswerInput = {
  surface: Surface;
  orderId: string;
  questionKey: string;
  value: string;
  idempotencyKey: string;
  locale: string;
};

export type PageAnswerOutcome =
  { status: 200; duplicate: boolean; pending: boolean } | { status: 400 | 404; message: string };

/**
 * POST /extensions/survey/answers: records one answer. The same idempotency key again, or an order
 * and question answered already, is a duplicate that changes nothing; an order has at most its
 * score and the follow-up that score calls for (checkPageAnswer), so a burst of answers from one
 * checkout stores two rows at most.
 */
export async function recordPageAnswer(buyer: Buyer, input: PageAnswerInput): Promise<PageAnswerOutcome> {
  const duplicate = { status: 200 as const, duplicate: true, pending: false };
  try {
    return await db.$transaction(async (tx): Promise<PageAnswerOutcome> => {
      const shop = buyer.shop;
      const seen = await tx.pageAnswer.findUnique({
        where: { shop_idempotencyKey: { shop, idempotencyKey: input.idempotencyKey } },
        select: { id: true },
      });
      if (seen) return duplicate;
      const campaign = await pageCampaign(tx, shop);
      if (!campaign.asked) return { status: 400, message: "the survey is not asked on the store's pages" };
      const order = await checkOrder(tx, buyer, input.orderId);
      if (!order.ok) return { status: 404, message: "no such order" };
      const answered = await answeredFor(tx, shop, input.orderId);
      if (answered[input.questionKey] !== undefined) return duplicate;
      const check = checkPageAnswer(campaign.settings.questions, input.questionKey, input.value, answered);
      if (!check.ok) return { status: 400, message: check.reason };
      const now = appClock.now();
      const row = await tx.pageAnswer.create({
        data: {
          shop,
          orderId: input.orderId,
          questionKey: input.questionKey,
          value: input.value,
          source: SURFACE_SOURCES[input.surface],
          idempotencyKey: input.idempotencyKey,
          locale: input.locale,
          tokenCustomerId: buyer.customerId,
          receivedAt: now,
        },
      });
      if (order.order) await confirmPageAnswer(tx, row, order.order, now);
      return { status: 200, duplicate: false, pending: order.order === null };
    });
  } catch (error) {
    // A second tab (or a replay) raced this one to the same order and question, or the same key.
    if (isUniqueViolation(error)) return duplicate;
    throw error;
  }
}

type PageAnswerRow = {
  id: string;
  shop: string;
  orderId: string;
  questionKey: string;
  value: string;
  source: string;
  tokenCustomerId: string | null;
  receivedAt: Date;
};

const isPageSource = (source: string): source is PageSource =>
  source === "thank_you_page" || source === "order_status_page";

async function settle(tx: Tx, row: { id: string }, state: string, reason: string | null, now: Date) {
  await tx.pageAnswer.update({ where: { id: row.id }, data: { state, reason, settledAt: now } });
}

/** A page answer whose order is known: an Answer, on the timeline, in HubSpot, to Flow, to the campaigns. */
async function confirmPageAnswer(tx: Tx, row: PageAnswerRow, order: KnownOrder, now: Date) {
  if (!isPageSource(row.source)) throw new Error(`not a page answer source: ${row.source}`);
  if (row.tokenCustomerId && order.customerId && row.tokenCustomerId !== order.customerId)
    return settle(tx, row, "refused", "the session's customer did not place this order", now);
  if (!order.email) return settle(tx, row, "refused", "the order has no email address", now);
  const campaign = await loadCampaign(tx, row.shop, CAMPAIGN);
  const found = findQuestion(campaign.settings.questions, row.questionKey);
  if (!found) return settle(tx, row, "refused", "the question is no longer in the survey", now);
  const { question } = found;

  const answer = await tx.answer.create({
    data: {
      shop: row.shop,
      source: row.source,
      orderId: row.orderId,
      campaign: CAMPAIGN,
      questionKey: row.questionKey,
      value: row.value,
      email: order.email,
      customerId: order.customerId,
      channel: "page",
      answeredAt: row.receivedAt,
      crmQueuedAt: now,
    },
  });
  const journey = await tx.journey.findUnique({
    where: { shop_campaign_subjectKey: { shop: row.shop, campaign: CAMPAIGN, subjectKey: row.orderId } },
    select: { id: true },
  });
  await recordDecision(tx, {
    shop: row.shop,
    campaign: CAMPAIGN,
    journeyId: journey?.id ?? null,
    customerId: order.customerId,
    email: order.email,
    kind: "answered",
    reason: `${question.prompt} → ${labelOf(question, row.value)} (${sourceLabel(row.source)}, order ${order.name})`,
    detail: { question: row.questionKey, value: row.value, channel: "page", source: row.source },
    at: now,
  });
  await recordCrmChange(tx, {
    shop: row.shop,
    email: order.email,
    properties: answerProperties(
      { key: row.questionKey, kind: kindOf(question), value: row.value },
      row.receivedAt,
    ),
    at: row.receivedAt,
  });
  await settle(tx, row, "confirmed", null, now);
  await onPageAnswered(tx, row.shop, row.orderId, row.source, now);
  await queueAnswerReceived(tx, { shop: row.shop, answerId: answer.id, at: row.receivedAt });
}

/**
 * orders/create, orders/paid (after the order mirror, app/customers/orders.server.ts): the order's
 * pending page answers are confirmed now that its buyer is known.
 */
export const settlePageAnswers = typedHandler(orderSchema, async (tx, order, event) => {
  // The order's page answers (a few: its (shop, orderId, questionKey) index), the pending ones picked
  // and sorted here: with the state or the order in the query, SQLite reads every pending page
  // answer of the shop by its (shop, state, receivedAt) index instead.
  const pending = (await tx.pageAnswer.findMany({ where: { shop: event.shop, orderId: order.id } }))
    .filter((row) => row.state === "pending")
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  if (pending.length === 0) return;
  const found = await findOrder(tx, event.shop, order.id);
  if (found.state !== "known") throw new Error(`order ${order.id} is not mirrored: run mirrorOrder first`);
  const now = appClock.now();
  for (const row of pending) await confirmPageAnswer(tx, row, found.order, now);
});

/**
 * Pending answers whose order never came (a token of one shop with an order of another, or an
 * order that was never placed) are given up; page answers and their idempotency keys are kept as
 * long as the orders they are about.
 */
export async function expirePageAnswers(tx: Tx, now: Date) {
  const before = new Date(now.getTime() - PENDING_DAYS * 24 * 3600_000);
  const { count } = await tx.pageAnswer.updateMany({
    where: { state: "pending", receivedAt: { lt: before } },
    data: { state: "expired", reason: `no order came within ${PENDING_DAYS} days`, settledAt: now },
  });
  if (count > 0) log.warn("page answers expired: their orders never reached Replyloop", { count });
  const forgotten = new Date(now.getTime() - ORDER_RETENTION_DAYS * 24 * 3600_000);
  // Every state named, so that SQLite reads the old rows by the (state, receivedAt) index, not the table.
  await tx.pageAnswer.deleteMany({
    where: { state: { in: PAGE_ANSWER_STATES }, receivedAt: { lt: forgotten } },
  });
  return count;
}
