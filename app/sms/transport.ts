// The interface we own between the SMS module and the providers that carry its texts, in the spirit
// of app/email/transport.ts: an SmsTransport takes one stored text (Twilio's Messages resource, or
// the local outbox), and what becomes of it afterwards comes back as SmsStatusEvents through the
// event log (Twilio's status callbacks, or the outbox's own reports). The sender
// (sender.server.ts) owns the send-once bookkeeping around a transport.

export type SmsSubmission = {
  shop: string;
  /** Our SmsMessage id (never personal data). */
  messageId: string;
  /** The recipient, as stored (E.164 expected: a provider refuses anything else). */
  to: string;
  body: string;
  /** Where the provider reports the text's status (signed), or null for none. */
  statusCallback: string | null;
};

export type SmsSubmitResult =
  /** The provider took the text: `providerId` is its id (Twilio's Message SID). */
  | { status: "accepted"; providerId: string | null }
  /**
   * Refused for good: sending it again cannot help. `code` is the provider's error code (Twilio's
   * 21211 invalid To, 21610 unsubscribed recipient …); `credentials` when the account itself was refused.
   */
  | { status: "refused"; reason: string; code?: number; credentials?: boolean; optedOut?: boolean }
  /** Not taken now. `ambiguous`: the request may have reached the provider. */
  | { status: "retry"; reason: string; ambiguous: boolean; retryAfterMs?: number };

export interface SmsTransport {
  /** Stored with each text ("twilio", "outbox"). */
  readonly name: string;
  submit(submission: SmsSubmission): Promise<SmsSubmitResult>;
}

/** What became of a text after its transport took it, in one vocabulary whatever the provider. */
export const SMS_STATUS_EVENTS = ["queued", "sent", "delivered", "undelivered", "failed"] as const;
export type SmsStatusEventType = (typeof SMS_STATUS_EVENTS)[number];

export type SmsStatusEvent = {
  status: SmsStatusEventType;
  at: Date;
  /** Our SmsMessage id, when the provider echoes it. */
  messageId?: string;
  /** The provider's id (Twilio's MessageSid). */
  providerId?: string;
  /** Why it was not delivered, in the provider's words (Twilio: error code). */
  error?: string;
};
