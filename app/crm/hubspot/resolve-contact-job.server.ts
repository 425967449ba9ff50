// A rep changed the VIP tier on a HubSpot contact Replyloop has never written (so no CrmContact
// ties its id to an email). The event handler cannot call HubSpot inside its transaction; this job
// asks HubSpot for the contact's email, remembers it, and applies the tier.
import { z } from "zod";
import { applyTierFromCrm } from "../../campaigns/vip-sync.server";
import db from "../../db.server";
import { normalizeEmail } from "../../lib/email-address";
import { systemClock } from "../../lib/clock";
import { log } from "../../lib/log.server";
import { describeOutcome, parseOk } from "./api.server";
import { hubspotEventSchema } from "./events";
import { PortalClient } from "./portal-client.server";
import { effectOf } from "./webhook-effects";

const contactSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: z.looseObject({ email: z.string().nullable().optional() }),
});

/** The code of resolveTierContactJob (./jobs.ts). */
export async function resolveTierContact({ eventId }: { eventId: string }) {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) return; // redacted meanwhile
  const payload = hubspotEventSchema.parse(event.payload);
  const effect = effectOf(payload);
  if (effect.kind !== "set_tier") return;
  const conn = await db.crmConnection.findUnique({ where: { shop: event.shop } });
  if (!conn || conn.status !== "connected" || conn.portalId !== payload.portalId) return;
  const client = new PortalClient(db, conn, { now: () => systemClock.now(), maxWaitMs: 10_000 });
  const outcome = await client.call({
    method: "GET",
    path: `/crm/v3/objects/contacts/${encodeURIComponent(payload.objectId)}?properties=email`,
  });
  if (outcome.kind === "broken" || (outcome.kind === "rejected" && outcome.status === 404)) return;
  if (outcome.kind !== "ok")
    throw new Error(
      `contact lookup postponed: ${outcome.kind === "throttled" ? "rate limited" : describeOutcome(outcome)}`,
    );
  const email = normalizeEmail(parseOk(outcome, contactSchema, "contact").properties.email);
  if (!email) {
    log.info("hubspot tier change for a contact without email; ignored", {
      shop: event.shop,
      objectId: payload.objectId,
    });
    return;
  }
  await db.$transaction(async (tx) => {
    await tx.crmContact.upsert({
      where: { shop_hubspotId: { shop: event.shop, hubspotId: payload.objectId } },
      create: { shop: event.shop, portalId: payload.portalId, hubspotId: payload.objectId, email },
      update: { email },
    });
    await applyTierFromCrm(tx, { shop: event.shop, email, tier: effect.tier, at: effect.at });
  });
}
