// A trigger event arrived: every campaign whose definition starts on it decides (engine.ts
// decideEntry) whether the event's subject enters a journey, updates its running one, or is skipped
// — and why, on the timeline. The journey itself is written by journey-state.server.ts.
import { isSuppressed } from "../customers/suppression.server";
import type { Tx } from "../db.server";
import { subjectOf, type EntrySubject, type TriggerEvent } from "./campaign-events";
import { readShop, type ShopFacts } from "../shops/shops.server";
import { loadCampaigns, type ShopCampaign } from "./config.server";
import { recordDecision } from "./decisions.server";
import { decideEntry } from "./engine";
import { customerFacts } from "./facts.server";
import { enterJourney, updateJourney } from "./journey-state.server";

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

async function enterOrUpdate(
  tx: Tx,
  shop: ShopFacts,
  campaign: ShopCampaign,
  subject: EntrySubject,
  now: Date,
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
  const [active, latest, suppressed, known] = await Promise.all([
    tx.journey.count({ where: { ...where, state: "active" } }),
    tx.journey.findFirst({ where, orderBy: { enteredAt: "desc" }, select: { enteredAt: true } }),
    isSuppressed(tx, shop.domain, subject.email),
    customerFacts(tx, shop.domain, subject, {
      acceptsMarketing: subject.acceptsMarketing,
      ordersCount: subject.ordersCount,
    }),
  ]);
  const decision = decideEntry(campaign.definition, {
    enabled: campaign.enabled,
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
        },
        { definition: campaign.definition, timeZone: shop.timezone, quiet: shop.settings.quietHours },
      );
      return { entered: true, journeyId };
    }
  }
}
