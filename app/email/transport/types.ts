// How a rendered, stored message travels. Two transports: SendGrid (Mail Send v3) and the outbox
// (the message stays in the database — the default without SENDGRID_API_KEY, shown by the sandbox
// and the admin). The sender (send.server.ts) owns the send-once bookkeeping around them.

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
  readonly name: "sendgrid";
  submit(submission: Submission): Promise<SubmitResult>;
}

/** The outbox has nothing to submit: storing the message is sending it. */
export type OutboxTransport = { readonly name: "outbox" };

export const outboxTransport: OutboxTransport = { name: "outbox" };
