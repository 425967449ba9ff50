// Pending sends and journey timelines for the merchant: what is scheduled, when and why; cancelling
// one; and everything the engine decided about one customer. One shop's rows only: a send or
// journey of another shop is "not found".
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db.server";
import { CAMPAIGN_LABELS, isCampaignKind } from "./kinds";
import { readContext, type JourneyContext } from "./journey-context";
import { cancelWithJourney, PENDING_SEND_STATES } from "./journey-state.server";
import { compareIds } from "../lib/ids";
import { formatMoney } from "../lib/money";
import { EDITABLE_STEPS } from "./steps";

const PENDING_STATES = PENDING_SEND_STATES;
const STOPPED_STATES = ["cancelled", "failed"];
export const MERCHANT_CANCEL_REASON = "cancelled by the merchant";

const campaignLabel = (campaign: string) => (isCampaignKind(campaign) ? CAMPAIGN_LABELS[campaign] : campaign);
export function stepLabel(campaign: string, step: string) {
  return (
    (isCampaignKind(campaign) ? EDITABLE_STEPS[campaign].find((s) => s.id === step)?.label : undefined) ??
    step
  );
}

/** What started the journey, in the merchant's words. */
function triggerText(campaign: string, context: JourneyContext | null): string {
  if (campaign === "abandoned_cart") {
    const c = context?.checkout;
    return c ? `Left a checkout of ${formatMoney(c.totalCents, c.currency)}` : "Left a checkout";
  }
  if (campaign === "post_purchase") return context?.order ? `Order ${context.order.name}` : "An order";
  if (campaign === "vip") return context?.tier ? `Reached the ${context.tier} tier` : "Reached a VIP tier";
  return campaign;
}

const scheduledDetail = z.looseObject({ sendId: z.string(), dueAt: z.string().optional() });

type SendRow = Awaited<ReturnType<Db["scheduledSend"]["findMany"]>>[number];

/**
 * The first `limit` of the shop's sends in `states`, merged from one query per state: each reads
 * its state's slice of an index on (shop, state, …) in order and stops at `limit`. One query with
 * `state IN (…)` makes SQLite (no statistics) read and sort every such send of the shop.
 */
async function firstPerState(
  db: Db,
  shop: string,
  states: readonly string[],
  order: (a: SendRow, b: SendRow) => number,
  orderBy: Prisma.ScheduledSendOrderByWithRelationInput[],
  limit: number,
) {
  const lists = await Promise.all(
    states.map((state) => db.scheduledSend.findMany({ where: { shop, state }, orderBy, take: limit })),
  );
  return lists.flat().sort(order).slice(0, limit);
}

const soonestFirst = (a: SendRow, b: SendRow) =>
  a.runAt.getTime() - b.runAt.getTime() || compareIds(a.id, b.id);
const latestFirst = (a: SendRow, b: SendRow) =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || compareIds(b.id, a.id);

/** How many of the shop's sends are pending: the Sends page's total (a count of the shop's, by design). */
export function countPendingSends(db: Db, shop: string) {
  return db.scheduledSend.count({ where: { shop, state: { in: PENDING_STATES } } });
}

/** Scheduled sends, soonest first, each with the reason the engine gave when it scheduled it. */
export async function listPendingSends(db: Db, shop: string, options: { limit: number }) {
  const [sends, total] = await Promise.all([
    firstPerState(db, shop, PENDING_STATES, soonestFirst, [{ runAt: "asc" }, { id: "asc" }], options.limit),
    countPendingSends(db, shop),
  ]);
  const journeyIds = [...new Set(sends.map((s) => s.journeyId))];
  // By journey id alone (the shop's own sends name them), checked against the shop here: with the
  // shop in the query SQLite reads every decision (journey) of the shop instead.
  const [decisions, journeys] = await Promise.all([
    db.decision.findMany({
      where: { kind: "scheduled", journeyId: { in: journeyIds } },
      select: { shop: true, reason: true, detail: true },
    }),
    db.journey.findMany({
      where: { id: { in: journeyIds } },
      select: { id: true, shop: true, context: true },
    }),
  ]);
  const contexts = new Map(
    journeys.filter((j) => j.shop === shop).map((j) => [j.id, readContext(j.context)]),
  );
  const why = new Map<string, { reason: string | null; dueAt: string | null }>();
  for (const d of decisions) {
    if (d.shop !== shop) continue;
    const detail = scheduledDetail.safeParse(d.detail);
    if (detail.success) why.set(detail.data.sendId, { reason: d.reason, dueAt: detail.data.dueAt ?? null });
  }
  return {
    total,
    sends: sends.map((s) => {
      const scheduled = why.get(s.id);
      const movedForQuietHours = scheduled?.reason?.includes("quiet hours") ?? false;
      return {
        id: s.id,
        journeyId: s.journeyId,
        email: s.email,
        campaign: s.campaign,
        campaignLabel: campaignLabel(s.campaign),
        step: stepLabel(s.campaign, s.step),
        runAt: s.runAt.toISOString(),
        state: s.state,
        why: `${triggerText(s.campaign, contexts.get(s.journeyId) ?? null)}${movedForQuietHours ? "; moved out of quiet hours" : ""}`,
        dueAt: scheduled?.dueAt ?? null,
      };
    }),
  };
}

/** Sends that were cancelled or failed lately (latest first; the same time: by id), with their reasons. */
export async function listStoppedSends(db: Db, shop: string, options: { limit: number }) {
  const sends = await firstPerState(
    db,
    shop,
    STOPPED_STATES,
    latestFirst,
    [{ updatedAt: "desc" }, { id: "desc" }],
    options.limit,
  );
  return sends.map((s) => ({
    id: s.id,
    journeyId: s.journeyId,
    email: s.email,
    campaignLabel: campaignLabel(s.campaign),
    step: stepLabel(s.campaign, s.step),
    state: s.state,
    reason: s.reason,
    at: s.updatedAt.toISOString(),
  }));
}

export type CancelResult = { ok: true } | { ok: false; status: 404 | 409; message: string };

/**
 * Cancels a scheduled send of this shop. Its journey ends with it (a journey only moves on after a
 * send), which records the cancellation and the exit on the customer's timeline.
 */
export async function cancelSend(db: Db, shop: string, sendId: string, now: Date): Promise<CancelResult> {
  return db.$transaction(async (tx) => {
    const send = await tx.scheduledSend.findFirst({ where: { id: sendId, shop } });
    if (!send) return { ok: false, status: 404, message: "No such scheduled email." };
    if (!PENDING_STATES.includes(send.state))
      return { ok: false, status: 409, message: `This email is already ${send.state}.` };
    await cancelWithJourney(tx, send, MERCHANT_CANCEL_REASON, now);
    return { ok: true };
  });
}

export type TimelineQuery = { journeyId: string } | { email: string };

/**
 * A customer's timeline in this shop: their journeys and every decision about them (entered,
 * skipped and why, scheduled, sent, cancelled and why …), oldest first. Null when the journey is
 * not this shop's.
 */
export async function customerTimeline(
  db: Db,
  shop: string,
  query: TimelineQuery,
  options: { limit: number },
) {
  let email: string;
  if ("journeyId" in query) {
    const journey = await db.journey.findFirst({
      where: { id: query.journeyId, shop },
      select: { email: true },
    });
    if (!journey) return null;
    email = journey.email;
  } else {
    email = query.email.trim().toLowerCase();
  }
  const [journeys, decisions] = await Promise.all([
    db.journey.findMany({ where: { shop, email }, orderBy: { enteredAt: "desc" } }),
    db.decision.findMany({
      where: { shop, email },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: options.limit,
    }),
  ]);
  return {
    email,
    journeys: journeys.map((j) => ({
      id: j.id,
      campaignLabel: campaignLabel(j.campaign),
      state: j.state,
      exitReason: j.exitReason,
      enteredAt: j.enteredAt.toISOString(),
      exitedAt: j.exitedAt?.toISOString() ?? null,
    })),
    events: decisions.map((d) => ({
      id: d.id,
      journeyId: d.journeyId,
      campaignLabel: campaignLabel(d.campaign),
      kind: d.kind,
      reason: d.reason,
      at: d.at.toISOString(),
    })),
  };
}
