// Addresses that must never get another marketing email from a shop: bounced, spam-reported,
// unsubscribed. This module keeps the list; ending the address's journeys and cancelling its
// sends is the campaigns' job (campaigns/journey-state.server.ts `suppressAndExit`).
import type { Tx } from "../db.server";
import { normalizeEmail } from "../lib/email-address";

export type SuppressionReason = "unsubscribed" | "bounced" | "spam_report" | "dropped" | "manual";

/** Why the address is suppressed for this shop, or null when it is not. */
export async function suppressionOf(tx: Tx, shop: string, email: string): Promise<string | null> {
  const address = normalizeEmail(email);
  if (!address) return null;
  const row = await tx.suppression.findUnique({
    where: { shop_email: { shop, email: address } },
    select: { reason: true },
  });
  return row?.reason ?? null;
}

export async function isSuppressed(tx: Tx, shop: string, email: string) {
  return (await suppressionOf(tx, shop, email)) !== null;
}

/**
 * Whether the address is suppressed, as a SQL condition (`p` adds a parameter), for a statement
 * that asks more at once: the sender's check before every marketing email (email/sender.server.ts).
 */
export function suppressedCondition(p: (value: unknown) => string, shop: string, email: string): string {
  const address = normalizeEmail(email);
  if (!address) return "FALSE";
  return `EXISTS (SELECT 1 FROM "Suppression" WHERE "shop" = ${p(shop)} AND "email" = ${p(address)})`;
}

/** Adds the address to the shop's list (idempotent: the first reason stays). Returns the address, or null if it is none. */
export async function recordSuppression(
  tx: Tx,
  shop: string,
  email: string,
  reason: SuppressionReason,
  at: Date,
): Promise<string | null> {
  const address = normalizeEmail(email);
  if (!address) return null;
  await tx.suppression.upsert({
    where: { shop_email: { shop, email: address } },
    create: { shop, email: address, reason, createdAt: at },
    update: {},
  });
  return address;
}
