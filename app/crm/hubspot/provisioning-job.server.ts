// Provisioning runs as a job: on connect, on the merchant's "create now", and when queued writes
// name a property the portal does not have yet. Retried (with the queue's backoff) while HubSpot
// is unreachable or rate limited; a broken connection ends it quietly (the page shows why).
import { z } from "zod";
import db from "../../db.server";
import type { JobDefinition } from "../../jobs/queue";

export const provisionPropertiesJob: JobDefinition<{ shop: string }> = {
  queue: "crm.provision-properties",
  payload: z.object({ shop: z.string() }),
  maxAttempts: 8,
  async run({ shop }) {
    const { provisionProperties } = await import("./provisioning.server");
    const result = await provisionProperties(db, shop);
    if (!result.ok && result.retry) throw new Error(`provisioning for ${shop} postponed: ${result.reason}`);
  },
};
