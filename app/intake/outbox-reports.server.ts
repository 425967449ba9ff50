// The outbox's reports (delivered, and opens and clicks in the local inbox) enter the event log
// like a provider's webhook events: stored once, processed by the routing table's handlers.
import { randomUUID } from "node:crypto";
import type { OutboxEvent } from "../email/outbox/events";
import { normalizeEmail } from "../lib/email-address";
import { writeEvent } from "./event-writer.server";

export async function recordOutboxEvent(shop: string, event: OutboxEvent) {
  await writeEvent({
    shop,
    source: "outbox",
    topic: event.event,
    // One delivery per message; every open and click is an event of its own.
    dedupeKey:
      event.event === "delivered" ? `${event.messageId}:delivered` : `${event.messageId}:${randomUUID()}`,
    triggeredAt: new Date(event.at),
    payload: event,
    email: normalizeEmail(event.email),
  });
}
