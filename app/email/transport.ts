// The interface we own between the email module and the providers that carry its messages: a
// Transport takes one rendered, stored message (SendGrid's Mail Send, or the local outbox), and
// what happens to it afterwards comes back as DeliveryEvents through the event log (a webhook of
// the provider, or the outbox's own reports), in one vocabulary whatever the provider.
// The sender (sender.server.ts) owns the send-once bookkeeping around a Transport.

export type Submission = {
  /** Our ids, carried as SendGrid custom_args: never personal data. */
  shop: string;
  sendId: string;
  messageId: string;
  campaign: string;
  step: string;
  from: { email: string; name: string };
  replyTo: string | null;
  to: string;
  subject: string;
  text: string;
  amp: string | null;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Record<string, string>;
};

export type SubmitResult =
  /** The provider took the message. */
  | { status: "accepted"; providerId: string | null }
  /** The provider refused this message for good (4xx other than 429): sending it again cannot help. */
  | { status: "refused"; reason: string }
  /**
   * Not taken now. `ambiguous`: the request may have reached the provider (a timeout or a broken
   * connection after sending), so it may have been accepted after all.
   */
  | { status: "retry"; reason: string; ambiguous: boolean; retryAfterMs?: number };

export interface Transport {
  /** Stored with each message ("sendgrid", "outbox"). */
  readonly name: string;
  submit(submission: Submission): Promise<SubmitResult>;
}

/** What happened to a message after its transport took it, in the provider's report. */
export type DeliveryEvent = {
  type:
    | "processed"
    | "deferred"
    | "delivered"
    | "open"
    | "click"
    | "bounce"
    /** A temporary refusal by the receiving server: not a bad address. */
    | "blocked"
    | "dropped"
    | "spamreport"
    | "unsubscribe";
  at: Date;
  /** Our Message id, when the provider echoes it. */
  messageId?: string;
  email?: string;
  /** Why a message was dropped, in the provider's words. */
  reason?: string;
  /** An open by the mail app (Apple Mail Privacy Protection and similar), not by the person. */
  machineOpen?: boolean;
};
