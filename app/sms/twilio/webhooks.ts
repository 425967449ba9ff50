// What Twilio posts to us, form-encoded: an incoming text (the number's or Messaging Service's
// "A message comes in" webhook) and a text's status (the StatusCallback we give each message). The
// parameters we read, validated, and their translation into our vocabulary (pure).
import { z } from "zod";
import type { SmsStatusEvent } from "../transport";

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`));
const messageSid = z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/);

/** The form body of a Twilio webhook, one value per name (Twilio sends each once). */
export function formParams(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

export const inboundSchema = z.looseObject({
  MessageSid: messageSid,
  AccountSid: sid("AC"),
  MessagingServiceSid: sid("MG").optional(),
  From: z.string().min(1).max(40),
  To: z.string().min(1).max(40),
  Body: z.string().max(1600).default(""),
  /** Set by Twilio's Advanced Opt-Out when the text is a keyword it acted on. */
  OptOutType: z.enum(["STOP", "START", "HELP"]).optional(),
});
export type InboundText = z.output<typeof inboundSchema>;

export const TWILIO_STATUSES = [
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "read",
  "canceled",
] as const;

/** What Twilio posts, as stored in the event log: an incoming text, or one of a text's statuses. */
export const TWILIO_EVENT_TYPES = ["inbound", ...TWILIO_STATUSES] as const;
export type TwilioEventType = (typeof TWILIO_EVENT_TYPES)[number];

export const statusSchema = z.looseObject({
  MessageSid: messageSid,
  AccountSid: sid("AC"),
  MessageStatus: z.enum(TWILIO_STATUSES),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
  To: z.string().optional(),
});
export type TwilioStatus = z.output<typeof statusSchema>;

/** The statuses we keep: Twilio's intermediate ones fold into the nearest of ours, the rest are none. */
export function fromTwilioStatus(status: TwilioStatus, at: Date, messageId?: string): SmsStatusEvent | null {
  const ours: Partial<Record<TwilioStatus["MessageStatus"], SmsStatusEvent["status"]>> = {
    accepted: "queued",
    queued: "queued",
    sending: "sent",
    sent: "sent",
    delivered: "delivered",
    read: "delivered",
    undelivered: "undelivered",
    failed: "failed",
  };
  const mapped = ours[status.MessageStatus];
  if (!mapped) return null;
  return {
    status: mapped,
    at,
    providerId: status.MessageSid,
    ...(messageId ? { messageId } : {}),
    ...(status.ErrorCode ? { error: `Twilio error ${status.ErrorCode}` } : {}),
  };
}
