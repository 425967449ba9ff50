// What the outbox reports about its messages, as SendGrid's Event Webhook would: delivered when it
// takes a message, and open and click when someone reads it in the local inbox (the sandbox). The
// payload stored for each report, and its translation into our DeliveryEvent (pure).
import { z } from "zod";
import type { DeliveryEvent } from "../transport";

export const OUTBOX_EVENT_TYPES = ["delivered", "open", "click"] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export const outboxEventSchema = z.object({
  event: z.enum(OUTBOX_EVENT_TYPES),
  /** Unix milliseconds, on the app clock. */
  at: z.number().int().min(0),
  messageId: z.string().min(1),
  email: z.string(),
});
export type OutboxEvent = z.output<typeof outboxEventSchema>;

export function fromOutboxEvent(event: OutboxEvent): DeliveryEvent {
  return { type: event.event, at: new Date(event.at), messageId: event.messageId, email: event.email };
}
