// Due sends become emails. A periodic sweep claims every scheduled send whose time has come (on
// the app clock) and enqueues a dispatch job for it; the job re-checks the exit conditions, the
// frequency cap and quiet hours immediately before sending, creates the discount code when the
// step has one, hands the email to the email module and schedules the journey's next step.
import { createHmac } from "node:crypto";
import { labelled } from "../answers/known.server";
import db, { directDb, type Tx } from "../db.server";
import type { EmailSender } from "../email/outgoing";
import type { SmsSender } from "../sms/outgoing";
import { customerGid } from "../shopify/ids";
import { jobQueue } from "../jobs/jobs.server";
import { errorText, type JobContext } from "../jobs/queue";
import type { Clock } from "../lib/clock";
import { discountCodeKey } from "../lib/keys.server";
import { log } from "../lib/log.server";
import { ShopifyAdminError, type ShopifyAdmin } from "../shopify/admin.server";
import { outgoingEmail, outgoingSms } from "./content.server";
import { isText, type SendStep } from "./definition";
import { decideSend, listensToOrders } from "./engine";
import type { JourneyContext } from "./journey-context";
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
import { readSendFacts, type SendFacts, type SendJourney } from "./send-facts.server";
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
      facts: SendFacts & { journey: SendJourney };
      step: SendStep;
      /** Where the step sits in the campaign: the journey's cursor moves past it once sent. */
      stepIndex: number;
      /** Where a text goes (the customer mirror's phone). */
      phone: string | null;
    };

/**
 * Sends one due ScheduledSend, or cancels or postpones it with the reason. Idempotent. What it
 * reads and the outcome it records go through the direct driver (send-facts.server.ts,
 * recordSendOutcome): a send is a dozen statements, and through Prisma they cost ~75 % of its CPU
 * (decision 0017). The rarer cancellations and postponements stay Prisma transactions.
 */
export async function dispatchSend(sendId: string, deps: DispatchDeps): Promise<void> {
  const plan = await decide(sendId, deps.clock.now());
  if (plan.kind === "done") return;

  const { facts, step } = plan;
  const { send, shop } = facts;
  let context = facts.journey.context;
  if (step.discount && !context.discount)
    context = await ensureDiscount(deps, send, facts.journey, step.discount);

  const journey = { ...facts.journey, context };
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
            answers: await labelled(db, send.shop, facts.answers),
          }),
        );
  const now = deps.clock.now();
  // Either way the journey moves on to its next step, as the campaign stood when the send was decided.
  await recordSendOutcome(directDb, send, {
    journey: facts.journey,
    step,
    stepIndex: plan.stepIndex,
    context,
    outcome:
      outcome.status === "rejected"
        ? { status: "rejected", reason: outcome.reason }
        : { status: "sent", messageId: outcome.messageId },
    schedule: scheduleOf(facts),
    now,
  });
}

const scheduleOf = ({ campaign, shop }: SendFacts) => ({
  definition: campaign.definition,
  timeZone: shop.timezone,
  quiet: shop.settings.quietHours,
});

/** The send's facts read at once, the engine's decision on them, and any change it calls for made. */
async function decide(sendId: string, now: Date): Promise<Plan> {
  const facts = await readSendFacts(directDb, sendId);
  if (!facts) return { kind: "done" };
  const { send, journey, shop, campaign } = facts;
  if (!journey) {
    await settle(sendId, (tx, current) => cancelSend(tx, current, "journey gone", now));
    return { kind: "done" };
  }
  const stepIndex = campaign.definition.steps.findIndex((s) => s.kind === "send" && s.id === send.step);
  const found = campaign.definition.steps[stepIndex];
  const step = found?.kind === "send" ? found : undefined;
  if (!step) {
    await settle(sendId, (tx, current) => cancelSend(tx, current, "step no longer in the campaign", now));
    return { kind: "done" };
  }
  // An order event for this customer is still being processed and the campaign reacts to orders:
  // decide once it has been.
  if (facts.pendingOrders > 0 && listensToOrders(campaign.definition)) {
    const until = new Date(now.getTime() + ORDER_SETTLE_MS);
    await settle(sendId, (tx, current) =>
      postponeSend(tx, current, until, "an order of this customer is being processed", now),
    );
    return { kind: "done" };
  }
  const decision = decideSend(campaign.definition, step, {
    journeyState: journey.state,
    enabled: campaign.enabled,
    shopInstalled: shop.installed,
    suppression: facts.suppression,
    consent: facts.consent,
    // Orders end journeys as they are processed (store-events.server.ts); this catches an attributed one regardless.
    orderExit: facts.convertedOrderId ? `the customer ordered (order ${facts.convertedOrderId})` : null,
    pageAnswer: facts.pageAnswer,
    lastCappedSendAt: facts.lastCappedSendAt,
    capHours: shop.settings.frequencyCap.hours,
    quiet: shop.settings.quietHours,
    timeZone: shop.timezone,
    now,
  });
  switch (decision.action) {
    case "cancel":
      await settle(sendId, (tx, current) => cancelWithJourney(tx, current, decision.reason, now));
      return { kind: "done" };
    case "postpone":
      await settle(sendId, (tx, current) => postponeSend(tx, current, decision.until, decision.reason, now));
      return { kind: "done" };
    case "skip":
      await recordSendOutcome(directDb, send, {
        journey,
        step,
        stepIndex,
        context: journey.context,
        outcome: { status: "skipped", reason: decision.reason },
        schedule: scheduleOf(facts),
        now,
      });
      return { kind: "done" };
    case "send":
      return {
        kind: "send",
        facts: { ...facts, journey },
        step,
        stepIndex,
        phone: facts.consent.sms?.phone ?? null,
      };
  }
}

/**
 * Cancels or postpones a send the engine decided against, in a transaction of its own, if it is
 * still being dispatched (nobody settled it since its facts were read).
 */
async function settle(sendId: string, change: (tx: Tx, send: SendRow) => Promise<unknown>) {
  await db.$transaction(async (tx) => {
    const current = await tx.scheduledSend.findUnique({ where: { id: sendId } });
    if (current?.state === "dispatching") await change(tx, current);
  });
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
