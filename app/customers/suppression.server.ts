// Addresses that must never get another marketing email from a shop: bounced, spam-reported,
// unsubscribed. Suppressing cancels whatever was still scheduled for the address.
import type { Tx } from "../db.server";
import { recordDecision } from "../campaigns/decisions.server";
import { normalizeEmail } from "../intake/shopify-ids";

export type SuppressionReason = "unsubscribed" | "bounced" | "spam_report" | "dropped" | "manual";

export async function isSuppressed(tx: Tx, shop: string, email: string) {
  const address = normalizeEmail(email);
  if (!address) return false;
  return (await tx.suppression.findUnique({ where: { shop_email: { shop, email: address } }, select: { id: true } })) !== null;
}

/** Suppresses the address (idempotent: the first reason stays) and cancels its pending sends. */
export async function suppress(tx: Tx, shop: string, email: string, reason: SuppressionReason, at: Date) {
  const address = normalizeEmail(email);
  if (!address) return { suppressed: false, cancelled: 0 };
  await tx.suppression.upsert({
    where: { shop_email: { shop, email: address } },
    create: { shop, email: address, reason, createdAt: at },
    update: {},
  });
  const pending = await tx.scheduledSend.findMany({
    where: { shop, email: address, state: "scheduled" },
    select: { id: true, journeyId: true, campaign: true, customerId: true },
  });
  for (const send of pending) {
    await tx.scheduledSend.update({ where: { id: send.id }, data: { state: "cancelled", reason: `suppressed: ${reason}` } });
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
  return { suppressed: true, cancelled: pending.length };
}
