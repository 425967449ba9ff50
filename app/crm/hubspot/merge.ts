// Pending CRM writes → one upsert input per contact. Pure: the flusher feeds it the claimed rows
// and, per contact and property, the event time of the value HubSpot already has from us.
// Per property the latest event wins; anything older than what was already sent is stale and is
// never sent (a late, older answer must not overwrite a newer one).
export type PendingWrite = {
  id: string;
  shop: string;
  email: string;
  property: string;
  value: string;
  eventAt: Date;
  createdAt: Date;
};

export type ContactUpsert = {
  email: string;
  properties: Record<string, string>;
  /** Rows whose value is being sent. */
  sendIds: string[];
  /** Rows covered by a newer value (in this batch or already sent): done without being sent. */
  supersededIds: string[];
  /** Shops whose rows are in this input (CrmContact is filled for each). */
  shops: string[];
  /** Latest event time among the values sent (answer → property latency). */
  latestEventAt: Date;
};

const newer = (a: PendingWrite, b: PendingWrite) =>
  a.eventAt.getTime() !== b.eventAt.getTime()
    ? a.eventAt > b.eventAt
    : a.createdAt.getTime() !== b.createdAt.getTime()
      ? a.createdAt > b.createdAt
      : a.id > b.id;

export const sentKey = (email: string, property: string) => `${email}\u0000${property}`;

export function mergeContactWrites(
  writes: readonly PendingWrite[],
  lastSentAt: ReadonlyMap<string, Date> = new Map(),
): ContactUpsert[] {
  const byEmail = new Map<string, PendingWrite[]>();
  for (const w of writes) byEmail.set(w.email, [...(byEmail.get(w.email) ?? []), w]);
  const result: ContactUpsert[] = [];
  for (const [email, rows] of byEmail) {
    const winners = new Map<string, PendingWrite>();
    const superseded: string[] = [];
    for (const row of rows) {
      const sent = lastSentAt.get(sentKey(email, row.property));
      if (sent && row.eventAt < sent) {
        superseded.push(row.id);
        continue;
      }
      const current = winners.get(row.property);
      if (!current) winners.set(row.property, row);
      else if (newer(row, current)) {
        superseded.push(current.id);
        winners.set(row.property, row);
      } else superseded.push(row.id);
    }
    const chosen = [...winners.values()];
    result.push({
      email,
      properties: Object.fromEntries(chosen.map((w) => [w.property, w.value])),
      sendIds: chosen.map((w) => w.id),
      supersededIds: superseded,
      shops: [...new Set(chosen.map((w) => w.shop))],
      latestEventAt: new Date(Math.max(0, ...chosen.map((w) => w.eventAt.getTime()))),
    });
  }
  return result;
}
