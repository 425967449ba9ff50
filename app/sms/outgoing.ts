// The contract between the campaign engine and the SMS module, like app/email/outgoing.ts: the
// engine builds an OutgoingSms for a due ScheduledSend whose step is a text; the SMS module renders
// it (Liquid, then the question and the opt-out line), stores the SmsMessage and hands it to the
// shop's transport (Twilio when the shop connected an account, else the local SMS outbox).
import type { Question } from "../campaigns/questions";
import type { TemplateData, TemplateKey } from "../email/outgoing";

export type OutgoingSms = {
  shop: string;
  /** The ScheduledSend this text is for (one text per send, never two); null for a test text. */
  sendId: string | null;
  campaign: string;
  step: string;
  /** Which sample data the merchant's Liquid is checked against (the step's email template). */
  template: TemplateKey;
  to: { phone: string; email: string; customerId: string | null };
  /** The merchant's Liquid; empty: the default greeting. */
  text: string;
  data: TemplateData;
  /** The question the text asks (the step's first), or none. */
  question: Question | null;
};

export type SmsSendOutcome =
  | { status: "sent"; messageId: string; transport: string }
  /** Already sent for this sendId (a retried job): nothing new went out. */
  | { status: "duplicate"; messageId: string }
  /** Not sendable, or refused by the provider for good; the reason is shown to the merchant. */
  | { status: "rejected"; reason: string; messageId?: string };

export interface SmsSender {
  /** Renders, stores and transmits. Throws only on retryable faults (Twilio 429/5xx, network). */
  send(sms: OutgoingSms): Promise<SmsSendOutcome>;
}
