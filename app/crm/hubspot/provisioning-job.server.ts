// Provisioning runs as a job (provisionPropertiesJob, ./jobs.ts): on connect, on the merchant's
// "create now", whenever the questions change (a campaign saved, an agency file or a preset
// applied), and when queued writes name a property the portal does not have yet. Retried (with the
// queue's backoff) while HubSpot is unreachable or rate limited; a broken connection ends it
// quietly (the page shows why).
import db, { type Tx } from "../../db.server";
import { enqueue } from "../../jobs/jobs.server";
import { provisionPropertiesJob } from "./jobs";
import { provisionProperties } from "./provisioning.server";

/** The code of provisionPropertiesJob. */
export async function runProvisioning({ shop }: { shop: string }) {
  const result = await provisionProperties(db, shop);
  if (!result.ok && result.retry) throw new Error(`provisioning for ${shop} postponed: ${result.reason}`);
}

/**
 * The shop's questions changed (inside the transaction that changed them): its HubSpot portal gets
 * the new properties and options by a job, never in the merchant's request.
 */
export async function questionsChanged(tx: Tx, shop: string) {
  const connection = await tx.crmConnection.findUnique({ where: { shop }, select: { status: true } });
  if (connection?.status === "connected") await enqueue(tx, provisionPropertiesJob, { shop });
}
