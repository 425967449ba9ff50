// The one way anything in Replyloop changes CRM data: record the change here, inside the caller's
// transaction. The write-behind flusher (crm/hubspot) merges pending writes per contact (last value
// per property by event time) and sends them in rate-limited batches; nothing is lost while the
// CRM is unreachable or not yet connected.
import type { Tx } from "../db.server";
import type { InsertSpec, SqlSession } from "../db/session";
import { appClock } from "../lib/app-clock.server";
import { normalizeEmail } from "../lib/email-address";
import { timeOrderedId } from "../lib/ids";

export type CrmChange = {
  shop: string;
  email: string;
  /** HubSpot property name → value as HubSpot expects it (numbers, booleans and dates as strings). */
  properties: Record<string, string>;
  /** When the change happened, on the app clock (the merge keeps the latest per property). */
  at: Date;
};

/** In a Prisma transaction. */
export async function recordCrmChange(tx: Tx, change: CrmChange) {
  const rows = writesOf(change);
  if (rows.length > 0) await tx.crmWrite.createMany({ data: rows });
}

/** In a SQL session (an event handler of the direct driver's, app/events/event.ts): the same rows. */
export async function recordCrmChangeIn(session: SqlSession, change: CrmChange) {
  const rows = writesOf(change);
  if (rows.length === 0) return;
  await session.insertIgnoring(
    CRM_WRITE_INSERT,
    rows.map((r) => [r.id, r.shop, r.email, r.property, r.value, r.eventAt, r.nextAttemptAt, r.createdAt]),
  );
}

/** The row a write is (its id is new: nothing is ever skipped; state and attempts take their defaults). */
const CRM_WRITE_INSERT: InsertSpec = {
  table: "CrmWrite",
  columns: ["id", "shop", "email", "property", "value", "eventAt", "nextAttemptAt", "createdAt"],
  conflict: ["id"],
  returning: "id",
};

/** A change's pending writes, one per property, stamped with the app clock; none without an address. */
function writesOf(change: CrmChange) {
  const email = normalizeEmail(change.email);
  if (!email) return [];
  const now = appClock.now();
  return Object.entries(change.properties).map(([property, value]) => ({
    id: timeOrderedId(now),
    shop: change.shop,
    email,
    property,
    value,
    eventAt: change.at,
    nextAttemptAt: change.at,
    createdAt: now,
  }));
}
