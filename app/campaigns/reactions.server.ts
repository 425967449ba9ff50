// Something happened to a customer (an order, a completed checkout, a consent change): each of
// their running journeys hears it, the engine says what it means for that journey under its
// campaign's definition (exit condition met, waitFor step answered), and journey-state.server.ts
// carries it out.
import type { Tx } from "../db.server";
import { readShop } from "../shops/shops.server";
import { campaignsOf } from "./config.server";
import { reactToEvent, type JourneyEvent } from "./engine";
import { applyReaction, journeyFacts, type JourneyRow } from "./journey-state.server";
import { byEntry, journeysOfAny, type CustomerRef } from "./journey-lookup.server";

/** Active journeys of a customer (by email or Shopify id) or of a subject (a checkout token), oldest first. */
export async function activeJourneysOf(tx: Tx, shop: string, ref: CustomerRef) {
  return (await journeysOfAny(tx, { shop, state: "active" }, ref)).sort(byEntry);
}

/** Lets each journey react to the event (`eventFor` may tailor it to the journey, e.g. its consent facts). */
export async function react(
  tx: Tx,
  shop: string,
  journeys: JourneyRow[],
  eventFor: (journey: JourneyRow) => Promise<JourneyEvent> | JourneyEvent,
  now: Date,
) {
  if (journeys.length === 0) return;
  const facts = await readShop(tx, shop);
  const campaignOf = campaignsOf(tx, shop, facts.settings);
  for (const journey of journeys) {
    const campaign = await campaignOf(journey.campaign);
    if (!campaign) continue;
    const reaction = reactToEvent(campaign.definition, journeyFacts(journey), await eventFor(journey), now);
    await applyReaction(
      tx,
      journey,
      reaction,
      { definition: campaign.definition, timeZone: facts.timezone, quiet: facts.settings.quietHours },
      now,
    );
  }
}
