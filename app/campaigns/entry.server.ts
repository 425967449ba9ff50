// A trigger event arrived: every campaign whose definition starts on it decides (engine.ts
// decideEntry) whether the event's subject enters a journey, updates its running one, or is skipped
// — and why, on the timeline. The journey itself is written by journey-state.server.ts.
import { isSuppressed } from "../customers/suppression.server";
import type { Tx } from "../db.server";
import { subjectOf, type EntrySubject, type TriggerEvent } from "./campaign-events";
import { readShop, type ShopFacts } from "../shops/shops.server";
import { CONDITION_FIELDS } from "./conditions";
import { loadCampaign, loadCampaigns, type ShopCampaign } from "./config.server";
import { recordDecision } from "./decisions.server";
import type { CampaignDefinition } from "./definition";
import { decideEntry } from "./engine";
import { customerFacts } from "./facts.server";
import { enterJourney, updateJourney } from "./journey-state.server";
import type { CampaignKind } from "./kinds";
import { pageAnswerOf } from "./page-answers.server";

export type EntryResult =
  | { entered: true; journeyId: string }
  | { entered: false; journeyId: string; updated: true }
  | { entered: false; reason: string };

/** Offers the event to every campaign that starts on it; returns what each one decided. */
export async function enterCampaigns(tx: Tx, shop: string, event: TriggerEvent, now: Date) {
  const subject = subjectOf(event);
  if (!subject) return [];
  const facts = await readShop(tx, shop);
  const results: EntryResult[] = [];
  for (const campaign of await loadCampaigns(tx, shop, facts.settings))
    if (campaign.definition.trigger.event === event.type)
      results.push(await enterOrUpdate(tx, facts, campaign, subject, now));
  return results;
}

/**
 * A survey requested on demand for one customer (Shopify Flow's "Send a Replyloop survey"): offered
 * to the campaign asked for, if its definition allows requests. Entry works as for any trigger
 * event — suppression, consent, re-entry, the order's page answer — except that only the entry
 * conditions the request knows apply (the customer's, not the triggering order's), and the journey
 * starts at the campaign's first email: it is due now (the frequency cap and quiet hours still apply
 * when it goes). Returns what the campaign decided; a skip is on the timeline with its reason.
 */
export async function enterOnRequest(
  tx: Tx,
  shop: string,
  kind: CampaignKind,
  event: Extract<TriggerEvent, { type: "survey_requested" }>,
  now: Date,
): Promise<EntryResult> {
  const facts = await readShop(tx, shop);
  const campaign = await loadCampaign(tx, shop, kind, facts.settings);
  const subject = subjectOf(event);
  const skip = async (reason: string) => {
    await recordDecision(tx, {
      shop,
      campaign: kind,
      customerId: event.person.customerId,
      email: event.person.email,
      kind: "skipped",
      reason,
      at: now,
    });
    return { entered: false as const, reason };
  };
  if (!campaign.definition.trigger.onDemand) return skip("this campaign cannot be started on request");
  if (!subject) return skip("the customer has no email address");
  const definition: CampaignDefinition = {
    ...campaign.definition,
    trigger: {
      ...campaign.definition.trigger,
      conditions: campaign.definition.trigger.conditions.filter((c) =>
        CONDITION_FIELDS[c.field].events.includes(event.type),
      ),
    },
  };
  const firstEmail = definition.steps.findIndex((step) => step.kind === "send");
  return enterOrUpdate(tx, facts, { ...campaign, definition }, subject, now, firstEmail);
}

async function enterOrUpdate(
  tx: Tx,
  shop: ShopFacts,
  campaign: ShopCampaign,
  subject: EntrySubject,
  now: Date,
  startAt?: number,
): Promise<EntryResult> {
  const where = { shop: shop.domain, campaign: campaign.kind, email: subject.email };
  const existing = await tx.journey.findUnique({
    where: {
      shop_campaign_subjectKey: {
        shop: shop.domain,
        campaign: campaign.kind,
        subjectKey: subject.subjectKey,
      },
    },
  });
  const [active, latest, suppressed, known, pageAnswer] = await Promise.all([
    tx.journey.count({ where: { ...where, state: "active" } }),
    tx.journey.findFirst({ where, orderBy: { enteredAt: "desc" }, select: { enteredAt: true } }),
    isSuppressed(tx, shop.domain, subject.email),
    customerFacts(tx, shop.domain, subject, {
      acceptsMarketing: subject.acceptsMarketing,
      ordersCount: subject.ordersCount,
    }),
    pageAnswerOf(tx, shop.domain, subject.context.order?.id),
  ]);
  const decision = decideEntry(campaign.definition, {
    enabled: campaign.enabled,
    pageAnswer,
    shopInstalled: shop.installed,
    consent: known.consent,
    suppressed,
    subject: { ...subject.data, customer: known.customer },
    currency: shop.currency,
    subjectJourney: existing ? { id: existing.id, state: existing.state } : null,
    activeJourneyForCustomer: active > 0,
    lastEntryAt: latest?.enteredAt ?? null,
    now,
  });
  switch (decision.action) {
    case "skip":
      await recordDecision(tx, {
        shop: shop.domain,
        campaign: campaign.kind,
        journeyId: existing?.id,
        customerId: subject.customerId,
        email: subject.email,
        kind: "skipped",
        reason: decision.reason,
        at: now,
      });
      return { entered: false, reason: decision.reason };
    case "update":
      await updateJourney(tx, decision.journeyId, subject, subject.updateReason, now);
      return { entered: false, journeyId: decision.journeyId, updated: true };
    case "enter": {
      const journeyId = await enterJourney(
        tx,
        {
          shop: shop.domain,
          campaign: campaign.kind,
          subjectKey: subject.subjectKey,
          customerId: subject.customerId,
          email: subject.email,
          context: subject.context,
          note: decision.note ?? null,
          now,
          ...(startAt !== undefined && startAt > 0 ? { startAt } : {}),
        },
        { definition: campaign.definition, timeZone: shop.timezone, quiet: shop.settings.quietHours },
      );
      return { entered: true, journeyId };
    }
  }
}
