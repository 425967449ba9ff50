// The one writer of journey and send state (Journey and ScheduledSend rows): entering, scheduling,
// advancing after a send, postponing, cancelling a send, exiting, suppressing an address and
// ending a whole shop's journeys. Every change records its decision on the customer's timeline.
// Other modules decide (engine.ts) and call these; eslint.config.js refuses a journey or send write
// anywhere else. Inside the caller's transaction, except the send path's recordSendOutcome, which
// makes its own guarded change.
import type { Prisma } from "@prisma/client";
import { recordSuppression, type SuppressionReason } from "../customers/suppression.server";
import type { Tx } from "../db.server";
import type { DirectDb } from "../db/direct.server";
import {
  dateOf,
  insertRow,
  placeholder,
  textOf,
  type ChangeStatement,
  type ChangeText,
  type SqlSession,
} from "../db/session";
import { normalizeEmail } from "../lib/email-address";
import { timeOrderedId } from "../lib/ids";
import { campaignsOf } from "./config.server";
import {
  decisionInsert,
  recordDecision,
  recordDecisions,
  type DecisionInput,
  type DecisionSubject,
} from "./decisions.server";
import type { CampaignDefinition, SendStep } from "./definition";
import { nextAction, reactToEvent, type JourneyEvent, type Reaction } from "./engine";
import { journeyContextSchema, progressOf, readContext, type JourneyContext } from "./journey-context";
import { outsideQuietHours, type QuietHours } from "./rules";

/** Sends that may still go out. */
export const PENDING_SEND_STATES = ["scheduled", "dispatching"];

export type JourneyRow = {
  id: string;
  shop: string;
  campaign: string;
  customerId: string | null;
  email: string;
  enteredAt: Date;
  context: Prisma.JsonValue;
};
export type SendRow = {
  id: string;
  shop: string;
  campaign: string;
  journeyId: string;
  customerId: string | null;
  email: string;
  step: string;
};
/** What scheduling needs: the campaign's steps and the shop's clock rules. */
export type Schedule = { definition: CampaignDefinition; timeZone: string; quiet: QuietHours };

const aboutJourney = (j: Omit<JourneyRow, "enteredAt" | "context">, at: Date): DecisionSubject => ({
  shop: j.shop,
  campaign: j.campaign,
  journeyId: j.id,
  customerId: j.customerId,
  email: j.email,
  at,
});
const aboutSend = (s: SendRow, at: Date): DecisionSubject => ({
  shop: s.shop,
  campaign: s.campaign,
  journeyId: s.journeyId,
  customerId: s.customerId,
  email: s.email,
  at,
});

// ── Entering ────────────────────────────────────────────────────────────────────────────────────

export type NewJourney = {
  shop: string;
  campaign: string;
  subjectKey: string;
  customerId: string | null;
  email: string;
  context: Partial<JourneyContext>;
  /** Said on the timeline with "entered" (how consent was given, for instance). */
  note: string | null;
  now: Date;
  /**
   * Start at this step instead of the first (a survey requested on demand goes out now: it starts
   * at the campaign's first email, past the delays that lead to it).
   */
  startAt?: number;
};

/** Starts a journey and schedules its first email. */
export async function enterJourney(tx: Tx, input: NewJourney, schedule: Schedule) {
  const context = journeyContextSchema.parse({
    ...input.context,
    cursor: input.startAt ?? 0,
    previousAt: input.startAt ? input.now.toISOString() : null,
    waited: {},
    sent: [],
  });
  const journey = await tx.journey.create({
    data: {
      shop: input.shop,
      campaign: input.campaign,
      subjectKey: input.subjectKey,
      customerId: input.customerId,
      // Normalized, as suppressions and customers are: a send's facts look them up by it.
      email: normalizeEmail(input.email) ?? input.email,
      context,
      enteredAt: input.now,
    },
  });
  await recordDecision(tx, { ...aboutJourney(journey, input.now), kind: "entered", reason: input.note });
  await scheduleNext(tx, journey, schedule, input.now);
  return journey.id;
}

/** The subject's event came again (a checkout changed): new data, same progress. */
export async function updateJourney(
  tx: Tx,
  journeyId: string,
  change: { context: Partial<JourneyContext>; email: string; customerId: string | null },
  reason: string,
  now: Date,
) {
  const current = await tx.journey.findUniqueOrThrow({ where: { id: journeyId } });
  const stored = readContext(current.context);
  const merged: JourneyContext = {
    ...stored,
    ...change.context,
    cursor: stored.cursor,
    previousAt: stored.previousAt,
    waited: stored.waited,
    sent: stored.sent,
  };
  const journey = await tx.journey.update({
    where: { id: journeyId },
    data: {
      context: merged,
      email: normalizeEmail(change.email) ?? change.email,
      customerId: change.customerId,
    },
  });
  await recordDecision(tx, { ...aboutJourney(journey, now), kind: "updated", reason });
}

// ── Scheduling ──────────────────────────────────────────────────────────────────────────────────

/** What comes after where the journey stands: its next send and what the timeline says, or its end. */
function planNext(
  journey: Omit<JourneyRow, "context">,
  context: JourneyContext,
  schedule: Schedule,
  now: Date,
) {
  const next = nextAction(schedule.definition, progressOf(journey, context));
  const who = aboutJourney(journey, now);
  if (next.kind === "done") {
    return {
      kind: "done" as const,
      reason: next.reason,
      said: { ...who, kind: "exited" as const, reason: next.reason },
    };
  }
  // Quiet hours are applied now so the merchant sees the real time; they are re-checked at send time.
  const runAt = outsideQuietHours(later(next.dueAt, now), schedule.timeZone, schedule.quiet);
  const reason = runAt > next.dueAt ? `${next.step.id} moved out of quiet hours` : `${next.step.id}`;
  return {
    kind: "send" as const,
    send: {
      shop: journey.shop,
      journeyId: journey.id,
      campaign: journey.campaign,
      step: next.step.id,
      customerId: journey.customerId,
      email: journey.email,
      runAt,
      capped: next.step.capped,
      idempotencyKey: `${journey.id}:${next.step.id}`,
      // The app's time, whichever way the row is written (Prisma's default would be the system's).
      createdAt: now,
    },
    said: (sendId: string): DecisionInput => ({
      ...who,
      kind: "scheduled",
      reason,
      detail: { sendId, step: next.step.id, dueAt: next.dueAt.toISOString(), runAt: runAt.toISOString() },
    }),
  };
}

/** Schedules the journey's next email, or completes the journey when no step is left. */
export async function scheduleNext(tx: Tx, journey: JourneyRow, schedule: Schedule, now: Date) {
  const plan = planNext(journey, readContext(journey.context), schedule, now);
  if (plan.kind === "done") {
    await tx.journey.update({
      where: { id: journey.id },
      data: { state: "completed", exitReason: plan.reason, exitedAt: now },
    });
    await recordDecision(tx, plan.said);
    return null;
  }
  const send = await tx.scheduledSend.create({ data: plan.send });
  await recordDecision(tx, plan.said(send.id));
  return send;
}

/**
 * The journey's context moves on and its next send is scheduled (or it completes), with `said`
 * before what this says on the timeline: the statements that follow a send's outcome in its guarded
 * change (recordSendOutcome).
 */
function advanceIn(
  journey: Omit<JourneyRow, "context">,
  context: JourneyContext,
  said: DecisionInput,
  schedule: Schedule,
  now: Date,
): ChangeStatement[] {
  const plan = planNext(journey, context, schedule, now);
  const ends = (t: ChangeText) =>
    plan.kind === "done"
      ? `, "state" = 'completed', "exitReason" = ${t.p(plan.reason)}, "exitedAt" = ${t.p(now)}`
      : "";
  const moved: ChangeStatement = (t) =>
    `UPDATE "Journey" SET "context" = ${t.json(context)}${ends(t)}, "updatedAt" = ${t.p(now)}
     WHERE "id" = ${t.p(journey.id)} AND ${t.guarded}`;
  if (plan.kind === "done") return [moved, decisionInsert(said), decisionInsert(plan.said)];
  const id = timeOrderedId(now);
  // A second send for the same step fails on idempotencyKey (the whole change), as Prisma's create does.
  const row = { id, ...plan.send, state: "scheduled", updatedAt: now };
  const scheduled: ChangeStatement = (t) => insertRow(t, { table: "ScheduledSend", row });
  return [moved, scheduled, decisionInsert(said), decisionInsert(plan.said(id))];
}

const later = (a: Date, b: Date) => (a > b ? a : b);

/** A send taken by claimDueSends: its id and its due time (epoch milliseconds). */
export type ClaimedSend = { id: string; runAtMs: number };

/**
 * Takes up to `limit` due sends at once (scheduled → dispatching), earliest first, in the caller's
 * transaction: one UPDATE … RETURNING over the [state, runAt] index. On PostgreSQL the rows are
 * locked with SKIP LOCKED, so workers sweeping at the same moment take disjoint sets; on SQLite
 * the write lock serializes sweeps. A row another sweep took is never returned twice.
 */
export async function claimDueSends(session: SqlSession, now: Date, limit: number): Promise<ClaimedSend[]> {
  const p = (n: number) => placeholder(session.kind, n);
  const pg = session.kind === "postgresql";
  const due = `SELECT "id" FROM "ScheduledSend" WHERE "state" = 'scheduled' AND "runAt" <= ${p(2)} ORDER BY "runAt" LIMIT ${p(3)}`;
  // PostgreSQL: the locked set is materialized once (a CTE), then updated; an IN (subquery) could be
  // evaluated again for the UPDATE and take more than `limit` rows. The state is checked again in
  // the UPDATE: a row another sweep committed after this statement's snapshot is re-read there.
  const sql = pg
    ? `WITH due AS (${due} FOR UPDATE SKIP LOCKED)
       UPDATE "ScheduledSend" AS s SET "state" = 'dispatching', "updatedAt" = ${p(1)} FROM due
       WHERE s."id" = due."id" AND s."state" = 'scheduled' RETURNING s."id", s."runAt"`
    : `UPDATE "ScheduledSend" SET "state" = 'dispatching', "updatedAt" = ${p(1)}
       WHERE "id" IN (${due}) RETURNING "id", "runAt"`;
  const rows = await session.query(sql, [now, now, limit]);
  return rows.map((row) => {
    const id = textOf(row.id);
    const runAt = dateOf(row.runAt);
    if (!id || !runAt) throw new Error("claimDueSends: unexpected row");
    return { id, runAtMs: runAt.getTime() };
  });
}

/** Not now (frequency cap, quiet hours, an order being processed): due again at `until`. */
export async function postponeSend(tx: Tx, send: SendRow, until: Date, reason: string, now: Date) {
  await tx.scheduledSend.update({
    where: { id: send.id },
    data: { state: "scheduled", runAt: until, reason },
  });
  await recordDecision(tx, {
    ...aboutSend(send, now),
    kind: "postponed",
    reason: `${reason}; now due ${until.toISOString()}`,
    detail: { sendId: send.id, runAt: until.toISOString() },
  });
}

/** Cancels one send, not its journey (the journey is gone, or already over). */
export async function cancelSend(
  tx: Tx,
  send: SendRow,
  reason: string,
  now: Date,
  timeline = `${send.step}: ${reason}`,
) {
  await tx.scheduledSend.update({ where: { id: send.id }, data: { state: "cancelled", reason } });
  await recordDecision(tx, { ...aboutSend(send, now), kind: "cancelled", reason: timeline });
}

export type SendOutcome =
  | { status: "sent"; messageId: string }
  | { status: "rejected"; reason: string }
  /** The step did not go (a text without SMS consent): said on the timeline, and the journey goes on. */
  | { status: "skipped"; reason: string };

/**
 * The email of `step` went out (or was refused for good, or skipped): the send says so, and the
 * journey moves past the step and schedules what comes next. One guarded change of plain SQL
 * (decision 0017): one statement on PostgreSQL, a transaction on SQLite. A skip is recorded only if
 * the send is still being dispatched (nobody settled it since it was read); returns whether the
 * outcome was recorded.
 */
export async function recordSendOutcome(
  direct: Pick<DirectDb, "change">,
  send: SendRow,
  input: {
    journey: Omit<JourneyRow, "context">;
    step: SendStep;
    stepIndex: number;
    context: JourneyContext;
    outcome: SendOutcome;
    schedule: Schedule;
    now: Date;
  },
): Promise<boolean> {
  const { step, outcome, context, now } = input;
  const who = aboutSend(send, now);
  let said: DecisionInput;
  let change: (t: ChangeText) => string;
  if (outcome.status === "rejected" || outcome.status === "skipped") {
    const state = outcome.status === "rejected" ? "failed" : "skipped";
    change = (t) => `"state" = ${t.p(state)}, "reason" = ${t.p(outcome.reason)}`;
    said = { ...who, kind: state, reason: `${step.id}: ${outcome.reason}` };
  } else {
    change = (t) => `"state" = 'sent', "sentAt" = ${t.p(now)}, "messageId" = ${t.p(outcome.messageId)}`;
    said = {
      ...who,
      kind: "sent",
      reason: step.id,
      detail: { sendId: send.id, messageId: outcome.messageId },
    };
  }
  // What was sent is recorded whatever happened to the send meanwhile: the email went.
  const unsettled = outcome.status === "skipped" ? ` AND "state" = 'dispatching'` : "";
  const next: JourneyContext = {
    ...context,
    cursor: input.stepIndex + 1,
    previousAt: now.toISOString(),
    sent:
      outcome.status === "sent"
        ? [...context.sent, { step: step.id, at: now.toISOString(), messageId: outcome.messageId }]
        : context.sent,
  };
  return direct.change({
    guard: (t) =>
      `UPDATE "ScheduledSend" SET ${change(t)}, "updatedAt" = ${t.p(now)}
       WHERE "id" = ${t.p(send.id)}${unsettled} RETURNING "id"`,
    then: advanceIn(input.journey, next, said, input.schedule, now),
  });
}

/** A send whose dispatch ran out of retries: failed for good, on the timeline (if nobody settled it since). */
export async function failSend(tx: Tx, sendId: string, reason: string, now: Date) {
  const send = await tx.scheduledSend.findUnique({ where: { id: sendId } });
  if (!send || send.state !== "dispatching") return;
  await tx.scheduledSend.update({ where: { id: sendId }, data: { state: "failed", reason } });
  await recordDecision(tx, { ...aboutSend(send, now), kind: "failed", reason: `${send.step}: ${reason}` });
}

/** The discount code created for the journey (before its email goes out). */
export async function storeDiscount(
  tx: Tx,
  journeyId: string,
  discount: NonNullable<JourneyContext["discount"]>,
): Promise<JourneyContext> {
  const row = await tx.journey.findUniqueOrThrow({ where: { id: journeyId } });
  const next: JourneyContext = { ...readContext(row.context), discount };
  await tx.journey.update({ where: { id: journeyId }, data: { context: next } });
  return next;
}

// ── Ending ──────────────────────────────────────────────────────────────────────────────────────

/** Ends an active journey and cancels whatever it still had pending. Idempotent: false if it was not active. */
export async function exitJourney(
  tx: Tx,
  journey: Omit<JourneyRow, "enteredAt" | "context">,
  reason: string,
  now: Date,
) {
  const { count } = await tx.journey.updateMany({
    where: { id: journey.id, state: "active" },
    data: { state: "exited", exitReason: reason, exitedAt: now },
  });
  if (count === 0) return false;
  const pending = await tx.scheduledSend.findMany({
    where: { journeyId: journey.id, state: { in: PENDING_SEND_STATES } },
    select: { id: true, step: true },
  });
  await tx.scheduledSend.updateMany({
    where: { id: { in: pending.map((p) => p.id) } },
    data: { state: "cancelled", reason },
  });
  const who = aboutJourney(journey, now);
  for (const send of pending)
    await recordDecision(tx, { ...who, kind: "cancelled", reason: `${send.step}: ${reason}` });
  await recordDecision(tx, { ...who, kind: "exited", reason });
  return true;
}

/**
 * A send stopped before it went (by the engine right before sending, or by the merchant): its
 * journey ends with it, since a journey only moves on after a send. If the journey is over
 * already (or gone), the send alone is cancelled.
 */
export async function cancelWithJourney(tx: Tx, send: SendRow, reason: string, now: Date) {
  const journey = await tx.journey.findFirst({ where: { id: send.journeyId, shop: send.shop } });
  if (journey && (await exitJourney(tx, journey, reason, now))) return;
  await cancelSend(tx, send, reason, now);
}

/** Carries out what the engine made of an event for a journey (reactToEvent). */
export async function applyReaction(
  tx: Tx,
  journey: JourneyRow,
  reaction: Reaction,
  schedule: Schedule,
  now: Date,
) {
  switch (reaction.kind) {
    case "none":
      return;
    case "exit":
      await exitJourney(tx, journey, reaction.reason, now);
      return;
    case "continue":
      await endWait(tx, journey, reaction.step, schedule, now);
      return;
  }
}

/** A waitFor step's event came and the step says continue: its wait ends now and the next email is due sooner. */
async function endWait(tx: Tx, journey: JourneyRow, stepId: string, schedule: Schedule, now: Date) {
  const stored = readContext(journey.context);
  const context: JourneyContext = { ...stored, waited: { ...stored.waited, [stepId]: now.toISOString() } };
  const updated = await tx.journey.update({ where: { id: journey.id }, data: { context } });
  const next = nextAction(schedule.definition, progressOf(updated, context));
  const pending = await tx.scheduledSend.findFirst({ where: { journeyId: journey.id, state: "scheduled" } });
  if (next.kind !== "send" || !pending || pending.step !== next.step.id) {
    await recordDecision(tx, { ...aboutJourney(journey, now), kind: "updated", reason: `${stepId} ended` });
    return;
  }
  const runAt = outsideQuietHours(later(next.dueAt, now), schedule.timeZone, schedule.quiet);
  await tx.scheduledSend.update({ where: { id: pending.id }, data: { runAt } });
  await recordDecision(tx, {
    ...aboutJourney(journey, now),
    kind: "scheduled",
    reason: `${next.step.id}: ${stepId} ended early`,
    detail: {
      sendId: pending.id,
      step: next.step.id,
      dueAt: next.dueAt.toISOString(),
      runAt: runAt.toISOString(),
    },
  });
}

/** The engine's view of a stored journey, for reactToEvent. */
export function journeyFacts(journey: JourneyRow) {
  const context = readContext(journey.context);
  return {
    checkoutToken: context.checkout?.token ?? null,
    orderId: context.order?.id ?? null,
    progress: progressOf(journey, context),
  };
}

/**
 * The address bounced, complained or unsubscribed: it is suppressed (idempotent; the first reason
 * stays) and its journeys end as their exit conditions say, with their pending sends. Sends whose
 * journey had already ended (or is gone) are cancelled too. Returns how many sends were pending.
 */
export async function suppressAndExit(
  tx: Tx,
  shop: string,
  email: string,
  reason: SuppressionReason,
  at: Date,
) {
  const address = await recordSuppression(tx, shop, email, reason, at);
  if (!address) return { suppressed: false, cancelled: 0 };
  const cancelled = await tx.scheduledSend.count({
    where: { shop, email: address, state: { in: PENDING_SEND_STATES } },
  });
  const campaignOf = campaignsOf(tx, shop);
  const event: JourneyEvent = { type: "suppressed", reason };
  for (const journey of await tx.journey.findMany({ where: { shop, email: address, state: "active" } })) {
    const campaign = await campaignOf(journey.campaign);
    const reaction = campaign
      ? reactToEvent(campaign.definition, journeyFacts(journey), event, at)
      : { kind: "exit" as const, reason: `suppressed: ${reason}` };
    if (reaction.kind === "exit") await exitJourney(tx, journey, reaction.reason, at);
  }
  // The address's pending sends (the (shop, email, …) index; `state: "scheduled"` alone would read
  // every scheduled send of the shop on SQLite), those still scheduled cancelled.
  const strays = (
    await tx.scheduledSend.findMany({ where: { shop, email: address, state: { in: PENDING_SEND_STATES } } })
  ).filter((send) => send.state === "scheduled");
  for (const send of strays)
    await cancelSend(tx, send, `suppressed: ${reason}`, at, `address suppressed (${reason})`);
  return { suppressed: true, cancelled };
}

/**
 * The app was uninstalled: every active journey of the shop ends with `reason` and every pending
 * send is cancelled, each on its timeline — so a reinstalled shop starts with no stale journeys.
 */
export async function exitAllForShop(tx: Tx, shop: string, reason: string, now: Date) {
  const journeys = await tx.journey.findMany({
    where: { shop, state: "active" },
    select: { id: true, shop: true, campaign: true, customerId: true, email: true },
  });
  const sends = await tx.scheduledSend.findMany({
    where: { shop, state: { in: PENDING_SEND_STATES } },
    select: {
      id: true,
      shop: true,
      campaign: true,
      journeyId: true,
      customerId: true,
      email: true,
      step: true,
    },
  });
  for (let i = 0; i < journeys.length; i += 500)
    await tx.journey.updateMany({
      where: { id: { in: journeys.slice(i, i + 500).map((j) => j.id) }, state: "active" },
      data: { state: "exited", exitReason: reason, exitedAt: now },
    });
  for (let i = 0; i < sends.length; i += 500)
    await tx.scheduledSend.updateMany({
      where: { id: { in: sends.slice(i, i + 500).map((s) => s.id) } },
      data: { state: "cancelled", reason },
    });
  const timeline: DecisionInput[] = [
    ...sends.map((s) => ({
      ...aboutSend(s, now),
      kind: "cancelled" as const,
      reason: `${s.step}: ${reason}`,
    })),
    ...journeys.map((j) => ({ ...aboutJourney(j, now), kind: "exited" as const, reason })),
  ];
  await recordDecisions(tx, timeline);
  return { journeys: journeys.length, sends: sends.length };
}
