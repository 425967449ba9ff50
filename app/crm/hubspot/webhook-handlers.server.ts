// Processing of stored HubSpot events (inside the event's transaction: database writes only).
// The event names a contact by id; its email comes from intake (CrmContact at arrival) or from
// CrmContact now. For a tier change on a contact Replyloop never wrote, a job asks HubSpot.
import { applyTierFromCrm } from "../../campaigns/vip-sync.server";
import { redactCustomer } from "../../customers/compliance.server";
import type { Tx } from "../../db.server";
import type { EventHandler, EventRow } from "../../events/event";
import { enqueue } from "../../jobs/jobs.server";
import { normalizeEmail } from "../../lib/email-address";
import { hubspotEventSchema } from "./events";
import { resolveTierContactJob } from "./jobs";
import { effectOf } from "./webhook-effects";

async function emailsOf(tx: Tx, event: EventRow, hubspotId: string): Promise<string[]> {
  const known = await tx.crmContact.findMany({
    where: { shop: event.shop, hubspotId },
    select: { email: true },
  });
  return [
    ...new Set([normalizeEmail(event.email), ...known.map((k) => k.email)].filter((e): e is string => !!e)),
  ];
}

export const handleHubSpotEvent: EventHandler = async (tx, event) => {
  const payload = hubspotEventSchema.parse(event.payload);
  const effect = effectOf(payload);
  if (effect.kind === "none") return;
  const emails = await emailsOf(tx, event, payload.objectId);
  if (effect.kind === "set_tier") {
    const [email] = emails;
    if (!email) {
      await enqueue(
        tx,
        resolveTierContactJob,
        { eventId: event.id },
        { idempotencyKey: `crm.resolve-tier-contact:${event.id}` },
      );
      return;
    }
    await applyTierFromCrm(tx, { shop: event.shop, email, tier: effect.tier, at: effect.at });
    return;
  }
  // Erase: that person's answers and personal data in this shop, and our id mapping.
  for (const email of emails) await redactCustomer(tx, event.shop, { email });
  await tx.crmContact.deleteMany({ where: { shop: event.shop, hubspotId: payload.objectId } });
};
