// The outboxes' reports enter the event log like a provider's webhook events: stored once, processed
// by the routing table's handlers. Email: delivered, and opens and clicks in the local inbox; SMS:
// delivered, like Twilio's status callbacks.
import { randomUUID } from "node:crypto";
import type { OutboxEvent } from "../email/outbox/events";
import { normalizeEmail } from "../lib/email-address";
import type { SmsOutboxEvent } from "../sms/outbox/events";
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

export async function recordSmsOutboxEvent(shop: string, event: SmsOutboxEvent) {
  await writeEvent({
    shop,
    source: "sms_outbox",
    topic: event.event,
    // One report of each kind per text.
    dedupeKey: `${event.messageId}:${event.event}`,
    triggeredAt: new Date(event.at),
    payload: event,
  });
}
