// Provisioning runs as a job (provisionPropertiesJob, ./jobs.ts): on connect, on the merchant's
// "create now", and when queued writes name a property the portal does not have yet. Retried (with
// the queue's backoff) while HubSpot is unreachable or rate limited; a broken connection ends it
// quietly (the page shows why).
import db from "../../db.server";
import { provisionProperties } from "./provisioning.server";

/** The code of provisionPropertiesJob. */
export async function runProvisioning({ shop }: { shop: string }) {
  const result = await provisionProperties(db, shop);
  if (!result.ok && result.retry) throw new Error(`provisioning for ${shop} postponed: ${result.reason}`);
}
