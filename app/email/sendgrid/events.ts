// SendGrid Event Webhook events: the one schema of an event as SendGrid sends it (intake validates
// deliveries with it, the email module reads stored events with it) and the event types there are.
import { z } from "zod";
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
