// Addresses that must never get another marketing email from a shop: bounced, spam-reported,
// unsubscribed. Suppressing ends the address's journeys and cancels whatever they had scheduled.
import type { Tx } from "../db.server";
import { recordDecision } from "../campaigns/decisions.server";
import { exitJourney } from "../campaigns/journeys.server";
import { normalizeEmail } from "../lib/email-address";
import type { SuppressionReason } from "./suppressed.server";

export { isSuppressed, type SuppressionReason } from "./suppressed.server";

/**
 * Suppresses the address (idempotent: the first reason stays) and ends its active journeys, which
 * cancels their pending sends, each with its reason on the timeline.
 */
export async function suppress(tx: Tx, shop: string, email: string, reason: SuppressionReason, at: Date) {
  const address = normalizeEmail(email);
  if (!address) return { suppressed: false, cancelled: 0 };
  await tx.suppression.upsert({
    where: { shop_email: { shop, email: address } },
    create: { shop, email: address, reason, createdAt: at },
    update: {},
  });
  const why = `suppressed: ${reason}`;
  const cancelled = await tx.scheduledSend.count({
    where: { shop, email: address, state: { in: ["scheduled", "dispatching"] } },
  });
  const journeys = await tx.journey.findMany({ where: { shop, email: address, state: "active" } });
  for (const journey of journeys) await exitJourney(tx, journey, why, at);
  // Sends whose journey had already ended (or is gone) must not go either.
  const strays = await tx.scheduledSend.findMany({ where: { shop, email: address, state: "scheduled" } });
  for (const send of strays) {
    await tx.scheduledSend.update({ where: { id: send.id }, data: { state: "cancelled", reason: why } });
    await recordDecision(tx, {
      shop,
      campaign: send.campaign,
      journeyId: send.journeyId,
      customerId: send.customerId,
      email: address,
      kind: "cancelled",
      reason: `address suppressed (${reason})`,
      at,
    });
  }
  return { suppressed: true, cancelled };
}
