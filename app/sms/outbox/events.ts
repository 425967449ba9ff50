// What the SMS outbox reports about its texts, as Twilio's status callbacks would: delivered when it
// takes one. The payload stored for each report, and its translation into our SmsStatusEvent (pure).
import { z } from "zod";
import type { SmsStatusEvent } from "../transport";

export const SMS_OUTBOX_EVENT_TYPES = ["delivered"] as const;
export type SmsOutboxEventType = (typeof SMS_OUTBOX_EVENT_TYPES)[number];

export const smsOutboxEventSchema = z.object({
  event: z.enum(SMS_OUTBOX_EVENT_TYPES),
  /** Unix milliseconds, on the app clock. */
  at: z.number().int().min(0),
  messageId: z.string().min(1),
  to: z.string(),
});
export type SmsOutboxEvent = z.output<typeof smsOutboxEventSchema>;

export function fromSmsOutboxEvent(event: SmsOutboxEvent): SmsStatusEvent {
  return { status: event.event, at: new Date(event.at), messageId: event.messageId };
}
