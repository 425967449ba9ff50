// Carries out the engine's decisions in the database: journeys entered, updated, scheduled,
// advanced and ended, each with its timeline entry. Always inside the caller's transaction.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Tx } from "../db.server";
import { isSuppressed } from "../customers/suppressed.server";
import { findCustomer } from "../customers/customers.server";
import type { CampaignKind } from "./kinds";
import { loadCampaign, type ShopCampaign } from "./config.server";
import { readShop } from "../shops/shops.server";
import { recordDecision } from "./decisions.server";
import { decideEntry, nextAction } from "./engine";
import { outsideQuietHours, type ConsentFacts } from "./rules";

const lineItem = z.object({
  title: z.string(),
  variantTitle: z.string().nullish(),
  quantity: z.number(),
  priceCents: z.number().int(),
  imageUrl: z.string().nullish(),
});
export type JourneyLineItem = z.infer<typeof lineItem>;

/** What a journey carries: its progress through the steps and the data its emails need. */
export const journeyContextSchema = z.object({
  cursor: z.number().int().min(0).default(0),
  previousAt: z.string().nullable().default(null),
  sent: z.array(z.object({ step: z.string(), at: z.string(), messageId: z.string().nullish() })).default([]),
  customer: z.object({ firstName: z.string().nullish(), lastName: z.string().nullish() }).default({}),
  acceptsMarketing: z.boolean().default(false),
  checkout: z
    .object({
      token: z.string(),
      url: z.string().nullish(),
      lineItems: z.array(lineItem),
      totalCents: z.number().int(),
      currency: z.string(),
    })
    .optional(),
  order: z
    .object({
      id: z.string(),
      name: z.string(),
      lineItems: z.array(lineItem),
      totalCents: z.number().int(),
      currency: z.string(),
    })
    .optional(),
  tier: z.enum(["silver", "gold"]).optional(),
  discount: z
    .object({ code: z.string(), id: z.string(), percent: z.number(), expiresAt: z.string() })
    .optional(),
});
export type JourneyContext = z.infer<typeof journeyContextSchema>;

export function readContext(stored: Prisma.JsonValue): JourneyContext {
  const parsed = journeyContextSchema.safeParse(stored);
  return parsed.success ? parsed.data : journeyContextSchema.parse({});
}

export type Trigger = {
  shop: string;
  kind: CampaignKind;
  /** One journey per subject: checkout token, order id, customer+tier. */
  subjectKey: string;
  customerId: string | null;
  email: string;
  /** Journey data from the triggering event (merged into an active journey on updates). */
  context: Partial<JourneyContext>;
  consent: Omit<ConsentFacts, "marketingState" | "ordersCount"> & Partial<Pick<ConsentFacts, "ordersCount">>;
  now: Date;
};

/** Consent facts for an address: the customer mirror, plus what the triggering checkout/order said. */
export async function consentFacts(
  tx: Tx,
  shop: string,
  who: { customerId: string | null; email: string },
  fromEvent: Trigger["consent"],
): Promise<ConsentFacts> {
  const customer = await findCustomer(tx, shop, { shopifyId: who.customerId, email: who.email });
  return {
    marketingState: customer?.marketingState ?? null,
    acceptsMarketing: fromEvent.acceptsMarketing,
    ordersCount: Math.max(customer?.ordersCount ?? 0, fromEvent.ordersCount ?? 0),
  };
}

/** A campaign trigger happened: enter a journey, update the active one, or record why not. */
export async function enterOrUpdate(tx: Tx, trigger: Trigger) {
  const shop = await readShop(tx, trigger.shop);
  const campaign = await loadCampaign(tx, trigger.shop, trigger.kind, shop.settings);
  const subject = await tx.journey.findUnique({
    where: {
      shop_campaign_subjectKey: {
        shop: trigger.shop,
        campaign: trigger.kind,
        subjectKey: trigger.subjectKey,
      },
    },
  });
  const [active, latest, suppressed, consent] = await Promise.all([
    tx.journey.count({
      where: { shop: trigger.shop, campaign: trigger.kind, email: trigger.email, state: "active" },
    }),
    tx.journey.findFirst({
      where: { shop: trigger.shop, campaign: trigger.kind, email: trigger.email },
      orderBy: { enteredAt: "desc" },
      select: { enteredAt: true },
    }),
    isSuppressed(tx, trigger.shop, trigger.email),
    consentFacts(tx, trigger.shop, trigger, trigger.consent),
  ]);
  const decision = decideEntry(campaign.definition, {
    enabled: campaign.enabled,
    shopInstalled: shop.installed,
    consent,
    softOptIn: shop.settings.consent.abandonedCartSoftOptIn,
    suppressed,
    subjectJourney: subject ? { id: subject.id, state: subject.state } : null,
    activeJourneyForCustomer: active > 0,
    lastEntryAt: latest?.enteredAt ?? null,
    now: trigger.now,
  });
  const who = {
    shop: trigger.shop,
    campaign: trigger.kind,
    customerId: trigger.customerId,
    email: trigger.email,
    at: trigger.now,
  };

  switch (decision.action) {
    case "skip":
      await recordDecision(tx, { ...who, journeyId: subject?.id, kind: "skipped", reason: decision.reason });
      return { entered: false as const, reason: decision.reason };
    case "update": {
      const current = readContext(subject!.context);
      const merged: JourneyContext = {
        ...current,
        ...trigger.context,
        cursor: current.cursor,
        previousAt: current.previousAt,
        sent: current.sent,
      };
      await tx.journey.update({
        where: { id: decision.journeyId },
        data: { context: merged, email: trigger.email, customerId: trigger.customerId },
      });
      await recordDecision(tx, {
        ...who,
        journeyId: decision.journeyId,
        kind: "updated",
        reason: "the checkout changed",
      });
      return { entered: false as const, journeyId: decision.journeyId, updated: true };
    }
    case "enter": {
      const context = journeyContextSchema.parse({
        ...trigger.context,
        cursor: 0,
        previousAt: null,
        sent: [],
      });
      const journey = await tx.journey.create({
        data: {
          shop: trigger.shop,
          campaign: trigger.kind,
          subjectKey: trigger.subjectKey,
          customerId: trigger.customerId,
          email: trigger.email,
          context: context,
          enteredAt: trigger.now,
        },
      });
      await recordDecision(tx, {
        ...who,
        journeyId: journey.id,
        kind: "entered",
        reason: decision.note ?? null,
      });
      await scheduleNext(tx, journey, campaign, shop.timezone, shop.settings.quietHours, trigger.now);
      return { entered: true as const, journeyId: journey.id };
    }
  }
}

type JourneyRow = {
  id: string;
  shop: string;
  campaign: string;
  customerId: string | null;
  email: string;
  enteredAt: Date;
  context: Prisma.JsonValue;
};

/** Schedules the journey's next email, or ends the journey when no step is left. */
export async function scheduleNext(
  tx: Tx,
  journey: JourneyRow,
  campaign: ShopCampaign,
  timeZone: string,
  quiet: { enabled: boolean; start: string; end: string },
  now: Date,
) {
  const context = readContext(journey.context);
  const next = nextAction(campaign.definition, {
    entryAt: journey.enteredAt,
    cursor: context.cursor,
    previousAt: context.previousAt ? new Date(context.previousAt) : null,
  });
  const who = {
    shop: journey.shop,
    campaign: journey.campaign,
    journeyId: journey.id,
    customerId: journey.customerId,
    email: journey.email,
    at: now,
  };
  if (next.kind === "done") {
    await tx.journey.update({
      where: { id: journey.id },
      data: { state: "completed", exitReason: next.reason, exitedAt: now },
    });
    await recordDecision(tx, { ...who, kind: "exited", reason: next.reason });
    return null;
  }
  // Quiet hours are applied now so the merchant sees the real time; they are re-checked at send time.
  const runAt = outsideQuietHours(next.dueAt > now ? next.dueAt : now, timeZone, quiet);
  const send = await tx.scheduledSend.create({
    data: {
      shop: journey.shop,
      journeyId: journey.id,
      campaign: journey.campaign,
      step: next.step.id,
      customerId: journey.customerId,
      email: journey.email,
      runAt,
      capped: next.step.capped,
      idempotencyKey: `${journey.id}:${next.step.id}`,
    },
  });
  await recordDecision(tx, {
    ...who,
    kind: "scheduled",
    reason: runAt > next.dueAt ? `${next.step.id} moved out of quiet hours` : `${next.step.id}`,
    detail: {
      sendId: send.id,
      step: next.step.id,
      dueAt: next.dueAt.toISOString(),
      runAt: runAt.toISOString(),
    },
  });
  return send;
}

/** Ends a journey and cancels whatever it still had scheduled. Idempotent. */
export async function exitJourney(
  tx: Tx,
  journey: { id: string; shop: string; campaign: string; customerId: string | null; email: string },
  reason: string,
  now: Date,
) {
  const { count } = await tx.journey.updateMany({
    where: { id: journey.id, state: "active" },
    data: { state: "exited", exitReason: reason, exitedAt: now },
  });
  if (count === 0) return false;
  const pending = await tx.scheduledSend.findMany({
    where: { journeyId: journey.id, state: { in: ["scheduled", "dispatching"] } },
    select: { id: true, step: true },
  });
  await tx.scheduledSend.updateMany({
    where: { id: { in: pending.map((p) => p.id) } },
    data: { state: "cancelled", reason },
  });
  const who = {
    shop: journey.shop,
    campaign: journey.campaign,
    journeyId: journey.id,
    customerId: journey.customerId,
    email: journey.email,
    at: now,
  };
  for (const send of pending)
    await recordDecision(tx, { ...who, kind: "cancelled", reason: `${send.step}: ${reason}` });
  await recordDecision(tx, { ...who, kind: "exited", reason });
  return true;
}
