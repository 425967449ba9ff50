// The HubSpot webhook edge: v3 signature, an array of at most 100 events, each stored once per
// connected shop (dedupe: portal + event id) with its processing job. A portal no shop has
// connected is acknowledged and logged, and nothing is stored.
import { z } from "zod";
import { hubspotEventSchema } from "../crm/hubspot/events";
import { verifyHubSpotSigned } from "../crm/hubspot/signature.server";
import db from "../db.server";
import { env } from "../env.server";
import { isJsonObject, parseJsonLossless, type JsonValue } from "../lib/json";
import { log } from "../lib/log.server";
import { OK, answer, type Delivery, type IntakeAnswer } from "./delivery";
import { writeEvents, type IncomingEvent } from "./event-writer.server";

const batchSchema = z.array(hubspotEventSchema).min(1).max(100);

export async function hubspotWebhook(delivery: Delivery): Promise<IntakeAnswer> {
  const signature = verifyHubSpotSigned(delivery, delivery.body, {
    url: env.SHOPIFY_APP_URL,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
  });
  if (!signature.ok) return answer(401, "Unauthorized");

  let raw: JsonValue;
  try {
    raw = parseJsonLossless(delivery.body);
  } catch {
    log.warn("hubspot webhook rejected", { reason: "malformed JSON" });
    return answer(400, "malformed JSON");
  }
  const parsed = batchSchema.safeParse(raw);
  if (!parsed.success) {
    log.warn("hubspot webhook rejected", { reason: parsed.error.issues[0]?.message });
    return answer(400, "expected an array of 1 to 100 HubSpot events");
  }

  const portals = [...new Set(parsed.data.map((e) => e.portalId))];
  const connections = await db.crmConnection.findMany({
    where: { portalId: { in: portals }, status: { not: "disconnected" } },
    select: { shop: true, portalId: true },
  });
  // Webhooks name contacts by HubSpot id; the email (for redaction lookups) is known for contacts we wrote.
  const contacts = await db.crmContact.findMany({
    where: {
      shop: { in: connections.map((c) => c.shop) },
      hubspotId: { in: parsed.data.map((e) => e.objectId) },
    },
    select: { shop: true, hubspotId: true, email: true },
  });
  const emails = new Map(contacts.map((c) => [`${c.shop}\n${c.hubspotId}`, c.email]));
  const items = Array.isArray(raw) ? raw : [];
  const events: IncomingEvent[] = [];
  for (const [index, event] of parsed.data.entries()) {
    const item = items[index];
    if (!isJsonObject(item)) continue;
    const shops = connections.filter((c) => c.portalId === event.portalId).map((c) => c.shop);
    if (shops.length === 0) {
      log.info("hubspot event for a portal no shop has connected; ignored", {
        portalId: event.portalId,
        eventId: event.eventId,
      });
      continue;
    }
    for (const shop of shops) {
      events.push({
        shop,
        source: "hubspot",
        topic: event.subscriptionType,
        dedupeKey: `${event.portalId}:${event.eventId}`,
        triggeredAt: new Date(event.occurredAt),
        payload: item,
        email: emails.get(`${shop}\n${event.objectId}`),
      });
    }
  }
  await writeEvents(events);
  return OK;
}
