// Addresses that must never get another marketing email from a shop: bounced, spam-reported,
// unsubscribed. This module keeps the list; ending the address's journeys and cancelling its
// sends is the campaigns' job (campaigns/journey-state.server.ts `suppressAndExit`).
import type { Tx } from "../db.server";
import { parameters, type SqlSession } from "../db/session";
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

/** isSuppressed as one statement of plain SQL: the sender's check before every marketing email. */
export async function isSuppressedSql(db: Pick<SqlSession, "kind" | "query">, shop: string, email: string) {
  const address = normalizeEmail(email);
  if (!address) return false;
  const { p, values } = parameters(db.kind);
  const rows = await db.query(
    `SELECT 1 AS "found" FROM "Suppression" WHERE "shop" = ${p(shop)} AND "email" = ${p(address)}`,
    values,
  );
  return rows.length > 0;
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
