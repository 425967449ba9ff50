// Due sends become emails. A periodic sweep claims every scheduled send whose time has come (on
// the app clock) and enqueues a dispatch job for it; the job re-checks the exit conditions, the
// frequency cap and quiet hours immediately before sending, creates the discount code when the
// step has one, hands the email to the email module and schedules the journey's next step.
import { createHmac } from "node:crypto";
import { knownAnswers } from "../answers/known.server";
import db, { directDb, type Tx } from "../db.server";
import { suppressionOf } from "../customers/suppression.server";
import type { EmailSender } from "../email/outgoing";
import type { SmsSender } from "../sms/outgoing";
import { customerGid } from "../shopify/ids";
import { jobQueue } from "../jobs/jobs.server";
import { errorText, type JobContext } from "../jobs/queue";
import type { Clock } from "../lib/clock";
import { discountCodeKey } from "../lib/keys.server";
import { log } from "../lib/log.server";
import { ShopifyAdminError, type ShopifyAdmin } from "../shopify/admin.server";
import { loadCampaign } from "./config.server";
import { readShop } from "../shops/shops.server";
import { outgoingEmail, outgoingSms } from "./content.server";
import { isText, type SendStep } from "./definition";
import { decideSend, listensToOrders } from "./engine";
import { consentFacts } from "./facts.server";
import { readContext, type JourneyContext } from "./journey-context";
import {
  cancelSend,
  cancelWithJourney,
  claimDueSends,
  failSend,
  postponeSend,
  recordSendOutcome,
  storeDiscount,
  type SendRow,
} from "./journey-state.server";
import { isCampaignKind, type CampaignKind } from "./kinds";
import { pageAnswerOf } from "./page-answers.server";
import { dispatchSendJob } from "./jobs";

/** What sending needs from outside (built by the composition root, app/server/composition.server.ts). */
export type DispatchDeps = { sender: EmailSender; sms: SmsSender; admin: ShopifyAdmin; clock: Clock };

/** Due sends claimed per transaction, and at most per sweep (the next tick takes the rest). */
const CLAIM_SET = 1_000;
const SWEEP_MAX = 50_000;
/** An unprocessed order event for the customer: wait this long for it before deciding. */
const ORDER_SETTLE_MS = 60_000;

/**
 * Claims due sends (scheduled → dispatching) in sets and enqueues their dispatch jobs in the same
 * transaction, a set at a time, until none is due or this tick's share is taken. Safe on many
 * workers (claimDueSends). Returns how many were claimed.
 */
export async function sweepDueSends(now: Date, options: { setSize?: number; max?: number } = {}) {
  const setSize = options.setSize ?? CLAIM_SET;
  const max = options.max ?? SWEEP_MAX;
  let claimed = 0;
  while (claimed < max) {
    const taken = await directDb.transaction(async (session) => {
      const due = await claimDueSends(session, now, Math.min(setSize, max - claimed));
      await jobQueue.enqueueMany(
        session,
        dispatchSendJob,
        due.map((send) => ({
          payload: { sendId: send.id },
          idempotencyKey: `dispatch:${send.id}:${send.runAtMs}`,
        })),
      );
      return due.length;
    });
    claimed += taken;
    if (taken < setSize) break;
  }
  return claimed;
}

type Plan =
  | { kind: "done" }
  | {
      kind: "send";
      send: SendRow & { campaign: CampaignKind };
      step: SendStep;
      /** Where the step sits in the campaign: the journey's cursor moves past it once sent. */
      stepIndex: number;
      journey: { id: string; email: string; customerId: string | null; context: JourneyContext };
      /** Where a text goes (the customer mirror's phone). */
      phone: string | null;
    };

/** Sends one due ScheduledSend, or cancels or postpones it with the reason. Idempotent. */
export async function dispatchSend(sendId: string, deps: DispatchDeps): Promise<void> {
  const plan = await db.$transaction((tx) => decide(tx, sendId, deps.clock.now()));
  if (plan.kind === "done") return;

  const { send, step } = plan;
  let context = plan.journey.context;
  if (step.discount && !context.discount)
    context = await ensureDiscount(deps, send, plan.journey, step.discount);

  const shop = await readShop(db, send.shop);
  const journey = { ...plan.journey, context };
  const outcome =
    isText(step) && plan.phone
      ? await deps.sms.send(
          outgoingSms({ sendId: send.id, shop, campaign: send.campaign, step, journey, phone: plan.phone }),
        )
      : await deps.sender.send(
          outgoingEmail({
            sendId: send.id,
            shop,
            campaign: send.campaign,
            step,
            journey,
            // Later emails see what the customer answered so far (`answers.<key>` in the texts).
            answers: await knownAnswers(db, send.shop, send.email),
          }),
        );
  const now = deps.clock.now();
  await db.$transaction(async (tx) => {
    const shopFacts = await readShop(tx, send.shop);
    const campaign = await loadCampaign(tx, send.shop, send.campaign, shopFacts.settings);
    // Either way the journey moves on to its next step.
    await recordSendOutcome(tx, send, {
      step,
      stepIndex: plan.stepIndex,
      context,
      outcome:
        outcome.status === "rejected"
          ? { status: "rejected", reason: outcome.reason }
          : { status: "sent", messageId: outcome.messageId },
      schedule: {
        definition: campaign.definition,
        timeZone: shopFacts.timezone,
        quiet: shopFacts.settings.quietHours,
      },
      now,
    });
  });
}

async function decide(tx: Tx, sendId: string, now: Date): Promise<Plan> {
  const send = await tx.scheduledSend.findUnique({ where: { id: sendId } });
  if (!send || send.state !== "dispatching" || !isCampaignKind(send.campaign)) return { kind: "done" };
  const journey = await tx.journey.findUnique({ where: { id: send.journeyId } });
  if (!journey) {
    await cancelSend(tx, send, "journey gone", now);
    return { kind: "done" };
  }
  const shop = await readShop(tx, send.shop);
  const campaign = await loadCampaign(tx, send.shop, send.campaign, shop.settings);
  const stepIndex = campaign.definition.steps.findIndex((s) => s.kind === "send" && s.id === send.step);
  const found = campaign.definition.steps[stepIndex];
  const step = found?.kind === "send" ? found : undefined;
  const context = readContext(journey.context);
  if (!step) {
    await cancelSend(tx, send, "step no longer in the campaign", now);
    return { kind: "done" };
  }

  const [suppression, consent, lastCapped, pendingOrders, conversion, pageAnswer] = await Promise.all([
    suppressionOf(tx, send.shop, send.email),
    consentFacts(
      tx,
      send.shop,
      { customerId: send.customerId, email: send.email },
      { acceptsMarketing: context.acceptsMarketing },
    ),
    tx.scheduledSend.findFirst({
      where: { shop: send.shop, email: send.email, state: "sent", capped: true, id: { not: send.id } },
      orderBy: { sentAt: "desc" },
      select: { sentAt: true },
    }),
    tx.event.count({
      where: {
        shop: send.shop,
        source: "shopify",
        topic: { in: ["orders/create", "orders/paid"] },
        state: "pending",
        OR: [{ email: send.email }, ...(send.customerId ? [{ customerId: send.customerId }] : [])],
      },
    }),
    tx.conversion.findFirst({ where: { shop: send.shop, journeyId: journey.id }, select: { orderId: true } }),
    pageAnswerOf(tx, send.shop, context.order?.id),
  ]);
  // An order event for this customer is still being processed and the campaign reacts to orders:
  // decide once it has been.
  if (pendingOrders > 0 && listensToOrders(campaign.definition)) {
    await postponeSend(
      tx,
      send,
      new Date(now.getTime() + ORDER_SETTLE_MS),
      "an order of this customer is being processed",
      now,
    );
    return { kind: "done" };
  }
  const decision = decideSend(campaign.definition, step, {
    journeyState: journey.state,
    enabled: campaign.enabled,
    shopInstalled: shop.installed,
    suppression,
    consent,
    // Orders end journeys as they are processed (store-events.server.ts); this catches an attributed one regardless.
    orderExit: conversion ? `the customer ordered (order ${conversion.orderId})` : null,
    pageAnswer,
    lastCappedSendAt: lastCapped?.sentAt ?? null,
    capHours: shop.settings.frequencyCap.hours,
    quiet: shop.settings.quietHours,
    timeZone: shop.timezone,
    now,
  });
  switch (decision.action) {
    case "cancel":
      await cancelWithJourney(tx, send, decision.reason, now);
      return { kind: "done" };
    case "postpone":
      await postponeSend(tx, send, decision.until, decision.reason, now);
      return { kind: "done" };
    case "skip":
      await recordSendOutcome(tx, send, {
        step,
        stepIndex,
        context,
        outcome: { status: "skipped", reason: decision.reason },
        schedule: {
          definition: campaign.definition,
          timeZone: shop.timezone,
          quiet: shop.settings.quietHours,
        },
        now,
      });
      return { kind: "done" };
    case "send":
      return {
        kind: "send",
        send: { ...send, campaign: send.campaign },
        step,
        stepIndex,
        journey: { id: journey.id, email: journey.email, customerId: journey.customerId, context },
        phone: consent.sms?.phone ?? null,
      };
  }
}

/** A code nobody can guess but every retry of this send derives again: creating it twice is impossible. */
export function discountCodeFor(sendId: string): string {
  const digest = createHmac("sha256", discountCodeKey).update(`discount:${sendId}`).digest("base64url");
  return `BACK-${digest
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 10)
    .toUpperCase()}`;
}

async function ensureDiscount(
  deps: DispatchDeps,
  send: { id: string; shop: string; journeyId: string },
  journey: { customerId: string | null },
  discount: { percent: number; expiresInDays: number },
): Promise<JourneyContext> {
  const now = deps.clock.now();
  const code = discountCodeFor(send.id);
  const endsAt = new Date(now.getTime() + discount.expiresInDays * 24 * 3600_000);
  let id = "";
  try {
    const created = await deps.admin.createDiscountCode(send.shop, {
      code,
      title: `Replyloop: come back (${code})`,
      percent: discount.percent,
      startsAt: now,
      endsAt,
      ...(journey.customerId ? { customerGid: customerGid(journey.customerId) } : {}),
    });
    id = created.id;
  } catch (error) {
    // A retry after a crash between Shopify's answer and our commit: the code exists already.
    if (!(
      error instanceof ShopifyAdminError &&
      /already (been )?taken|must be unique|already exists/i.test(error.message)
    ))
      throw error;
    log.info("discount code already existed; reusing it", { sendId: send.id });
  }
  return db.$transaction((tx) =>
    storeDiscount(tx, send.journeyId, {
      code,
      id,
      percent: discount.percent,
      expiresAt: endsAt.toISOString(),
    }),
  );
}

/** The code of dispatchSendJob. */
export async function runDispatchSendJob(
  { sendId }: { sendId: string },
  { attempt }: JobContext,
  deps: DispatchDeps,
) {
  try {
    await dispatchSend(sendId, deps);
  } catch (error) {
    if (attempt >= dispatchSendJob.maxAttempts) {
      // Out of retries: the send failed for good; say so on the timeline instead of leaving it "dispatching".
      const reason = errorText(error).split("\n")[0] ?? "failed";
      await db.$transaction((tx) => failSend(tx, sendId, reason, deps.clock.now()));
    }
    throw error;
  }
}
