// SendGrid Event Webhook events: the one schema of an event as SendGrid sends it (intake validates
// deliveries with it, the email module reads stored events with it), the event types there are,
// and the translation into our own DeliveryEvent (pure).
import { z } from "zod";
import type { DeliveryEvent } from "../transport";
import { CUSTOM_ARG_MESSAGE, CUSTOM_ARG_SEND, CUSTOM_ARG_SHOP } from "./custom-args";

export const SENDGRID_EVENT_TYPES = [
  "processed",
  "deferred",
  "delivered",
  "open",
  "click",
  "bounce",
  "dropped",
  "spamreport",
  "unsubscribe",
  "group_unsubscribe",
  "group_resubscribe",
] as const;
export type SendGridEventType = (typeof SENDGRID_EVENT_TYPES)[number];

/** Optional details we read: a malformed one is ignored (the event still counts), never a 400. */
const detail = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const sendgridEventSchema = z.looseObject({
  sg_event_id: z.string().min(1).max(200),
  event: z.string().min(1).max(50),
  /** Unix seconds. */
  timestamp: z.number().int().min(0).max(8.64e12),
  email: z.string().optional(),
  /** Our ids (custom_args on every send): shop domain, scheduled send, message. */
  [CUSTOM_ARG_SHOP]: z.string().optional(),
  [CUSTOM_ARG_SEND]: z.string().optional(),
  [CUSTOM_ARG_MESSAGE]: z.string().optional(),
  /** bounce: "bounce" (permanent) or "blocked" (temporary, not a bad address). */
  type: detail(z.string()),
  reason: detail(z.string()),
  /** Apple Mail Privacy Protection and similar: the mail app fetched the pixel, not the person. */
  sg_machine_open: detail(z.boolean()),
});
export type SendGridEvent = z.output<typeof sendgridEventSchema>;

/** What a SendGrid event says in our vocabulary; null for an event that says nothing about delivery. */
export function fromSendGridEvent(event: SendGridEvent): DeliveryEvent | null {
  const common = {
    at: new Date(event.timestamp * 1000),
    ...(event[CUSTOM_ARG_MESSAGE] ? { messageId: event[CUSTOM_ARG_MESSAGE] } : {}),
    ...(event.email ? { email: event.email } : {}),
  };
  switch (event.event) {
    case "processed":
    case "deferred":
    case "delivered":
    case "click":
    case "spamreport":
      return { type: event.event, ...common };
    case "open":
      return { type: "open", ...common, machineOpen: event.sg_machine_open === true };
    case "bounce":
      return { type: event.type === "blocked" ? "blocked" : "bounce", ...common };
    case "dropped":
      return { type: "dropped", ...common, ...(event.reason !== undefined ? { reason: event.reason } : {}) };
    case "unsubscribe":
    case "group_unsubscribe":
      return { type: "unsubscribe", ...common };
    default:
      return null;
  }
}
