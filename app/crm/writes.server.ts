// The one way anything in Replyloop changes CRM data: record the change here, inside the caller's
// transaction. The write-behind flusher (crm/hubspot) merges pending writes per contact (last value
// per property by event time) and sends them in rate-limited batches; nothing is lost while the
// CRM is unreachable or not yet connected.
import type { Tx } from "../db.server";
import { normalizeEmail } from "../lib/email-address";

export type CrmChange = {
  shop: string;
  email: string;
  /** HubSpot property name → value as HubSpot expects it (numbers, booleans and dates as strings). */
  properties: Record<string, string>;
  /** When the change happened, on the app clock (the merge keeps the latest per property). */
  at: Date;
};

export async function recordCrmChange(tx: Tx, change: CrmChange) {
  const email = normalizeEmail(change.email);
  if (!email) return;
  const entries = Object.entries(change.properties);
  if (entries.length === 0) return;
  await tx.crmWrite.createMany({
    data: entries.map(([property, value]) => ({
      shop: change.shop,
      email,
      property,
      value,
      eventAt: change.at,
      nextAttemptAt: change.at,
    })),
  });
}
