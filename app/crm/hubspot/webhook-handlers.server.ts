// Processing of stored HubSpot events (inside the event's transaction: database writes only).
// The event names a contact by id; its email comes from intake (CrmContact at arrival) or from
// CrmContact now. A contact Replyloop never wrote has no email here and nothing of ours to change.
import { applyTierFromCrm } from "../../campaigns/vip-sync.server";
import type { Tx } from "../../db.server";
import { hubspotEventSchema } from "../../intake/hubspot-webhook.server";
import { redactCustomer } from "../../intake/compliance.server";
import type { EventHandler, EventRow } from "../../intake/handlers.server";
import { normalizeEmail } from "../../intake/shopify-ids";
import { log } from "../../lib/log.server";
import { effectOf } from "./webhook-effects";

async function emailsOf(tx: Tx, event: EventRow, hubspotId: string): Promise<string[]> {
  const known = await tx.crmContact.findMany({ where: { shop: event.shop, hubspotId }, select: { email: true } });
  return [...new Set([normalizeEmail(event.email), ...known.map((k) => k.email)].filter((e): e is string => !!e))];
}

export const handleHubSpotEvent: EventHandler = async (tx, event) => {
  const payload = hubspotEventSchema.parse(event.payload);
  const effect = effectOf(payload);
  if (effect.kind === "none") return;
  const emails = await emailsOf(tx, event, payload.objectId);
  if (effect.kind === "set_tier") {
    const [email] = emails;
    if (!email) {
      log.info("hubspot tier change for a contact we never wrote; ignored", { shop: event.shop, objectId: payload.objectId });
      return;
    }
    await applyTierFromCrm(tx, { shop: event.shop, email, tier: effect.tier, at: effect.at });
    return;
  }
  // Erase: that person's answers and personal data in this shop, and our id mapping.
  for (const email of emails) await redactCustomer(tx, event.shop, { email });
  await tx.crmContact.deleteMany({ where: { shop: event.shop, hubspotId: payload.objectId } });
};
