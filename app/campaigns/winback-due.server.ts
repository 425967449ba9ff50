// When the win-back scan looks at a customer next (Customer.winbackDueAt): the customer's last order
// plus the shop's threshold. Stored and indexed (shop, winbackDueAt) so the scan reads only the
// customers that are due, never the whole customer table. This module is the only writer of the
// column: one customer when an order becomes known, every customer of a shop (one statement) when
// the merchant changes the threshold, and the scan's claim (winback.server.ts).
import { z } from "zod";
import type { Tx } from "../db.server";
import { databaseKind, type DatabaseKind } from "../db/database-url";
import { env } from "../env.server";

const DAY_MS = 24 * 3600_000;

export const engine = (): DatabaseKind => databaseKind(env.DATABASE_URL);

export const dueAfter = (lastOrderAt: Date, thresholdDays: number) =>
  new Date(lastOrderAt.getTime() + thresholdDays * DAY_MS);

/** One customer's last order moved: due a threshold after it. */
export async function setWinbackDue(
  tx: Tx,
  shop: string,
  shopifyId: string,
  lastOrderAt: Date,
  thresholdDays: number,
) {
  await tx.customer.updateMany({
    where: { shop, shopifyId },
    data: { winbackDueAt: dueAfter(lastOrderAt, thresholdDays) },
  });
}

/**
 * The threshold changed: every customer of the shop with a known last order is due a threshold
 * after it, in one statement (SQLite keeps times as ISO 8601 text, PostgreSQL as timestamps).
 * Customers who already had their win-back within the new threshold are kept out by re-entry.
 */
export async function recomputeWinbackDue(tx: Tx, shop: string, thresholdDays: number): Promise<number> {
  const days = Math.trunc(thresholdDays);
  return engine() === "postgresql"
    ? tx.$executeRawUnsafe(
        `UPDATE "Customer" SET "winbackDueAt" = "lastOrderAt" + make_interval(days => $1::int)
         WHERE "shop" = $2 AND "lastOrderAt" IS NOT NULL`,
        days,
        shop,
      )
    : tx.$executeRawUnsafe(
        `UPDATE "Customer" SET "winbackDueAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "lastOrderAt", ?)
         WHERE "shop" = ? AND "lastOrderAt" IS NOT NULL`,
        `+${days} days`,
        shop,
      );
}

/**
 * The scan's query: the shop's due customers, earliest first, at most `limit` — a range read of the
 * (shop, winbackDueAt) index. Exported so a test can ask the database how it runs it.
 */
export function dueCustomersQuery(kind: DatabaseKind, shop: string, now: Date, limit: number) {
  const [p1, p2, p3] = kind === "postgresql" ? ["$1", "$2", "$3"] : ["?", "?", "?"];
  return {
    sql: `SELECT "id", "winbackDueAt" FROM "Customer" WHERE "shop" = ${p1} AND "winbackDueAt" <= ${p2} ORDER BY "winbackDueAt" LIMIT ${p3}`,
    args: [shop, now, limit] as const,
  };
}

const dueRows = z.array(z.object({ id: z.string(), winbackDueAt: z.union([z.date(), z.string()]) }));

/**
 * Takes up to `limit` due customers of the shop (set-based: one indexed read, one update by id):
 * each moves on to `next` (a threshold from now) and is returned with the due time it had. A
 * customer another worker took in the meantime is not returned (the update re-checks the due time).
 */
export async function claimDue(tx: Tx, shop: string, now: Date, limit: number, next: Date) {
  const query = dueCustomersQuery(engine(), shop, now, limit);
  const due = dueRows.parse(await tx.$queryRawUnsafe(query.sql, ...query.args));
  if (due.length === 0) return [];
  const dueAt = new Map(due.map((row) => [row.id, new Date(row.winbackDueAt)]));
  const claimed = await tx.customer.updateManyAndReturn({
    where: { id: { in: [...dueAt.keys()] }, winbackDueAt: { lte: now } },
    data: { winbackDueAt: next },
  });
  return claimed.map((customer) => ({ customer, dueAt: dueAt.get(customer.id) ?? now }));
}
