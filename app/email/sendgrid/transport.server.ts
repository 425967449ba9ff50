// SendGrid Mail Send v3 through @sendgrid/mail, on a @sendgrid/client pointed at
// SENDGRID_API_BASE_URL (EU accounts, tests and the sandbox use other hosts). One request per
// message; the outcome is classified so the sender knows whether SendGrid may have taken it.
import { Client } from "@sendgrid/client";
import { MailService, type MailDataRequired } from "@sendgrid/mail";
import type { Submission, SubmitResult, Transport } from "../transport";
import { CUSTOM_ARG_MESSAGE, CUSTOM_ARG_SEND, CUSTOM_ARG_SHOP } from "./custom-args";

export const SENDGRID_TIMEOUT_MS = 30_000;

type MailContent = NonNullable<MailDataRequired["content"]>[number];

/** Connection errors raised before any byte of the request left: SendGrid cannot have it. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_INVALID_URL",
]);

export type SendGridOptions = { apiKey: string; baseUrl: string; timeoutMs?: number };

/** The v3 request body of one message. custom_args carry ids only; categories campaign and step. */
export function mailData(s: Submission): MailDataRequired {
  const text: MailContent = { type: "text/plain", value: s.text };
  const content: [MailContent, ...MailContent[]] = [
    text,
    // AMP between text and HTML: clients pick the last part they support, so HTML stays the fallback.
    ...(s.amp ? [{ type: "text/x-amp-html", value: s.amp }] : []),
    { type: "text/html", value: s.html },
  ];
  return {
    from: { email: s.from.email, ...(s.from.name ? { name: s.from.name } : {}) },
    ...(s.replyTo ? { replyTo: { email: s.replyTo } } : {}),
    subject: s.subject,
    personalizations: [
      {
        to: [{ email: s.to }],
        customArgs: {
          [CUSTOM_ARG_SHOP]: s.shop,
          [CUSTOM_ARG_SEND]: s.sendId,
          [CUSTOM_ARG_MESSAGE]: s.messageId,
        },
      },
    ],
    content,
    headers: s.headers,
    categories: [s.campaign, `${s.campaign}:${s.step}`],
    // Our own unsubscribe link and headers are in the message; SendGrid's would be a second one.
    trackingSettings: { subscriptionTracking: { enable: false } },
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (Reflect.get(value, name) as unknown) : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = field(field(error, "response"), "headers");
  const value = typeof headers === "object" && headers !== null ? field(headers, "retry-after") : undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** An error from @sendgrid/mail → what it means for this message. */
export function classifySendGridError(error: unknown): SubmitResult {
  const code = field(error, "code");
  if (typeof code === "number") {
    if (code === 429)
      return {
        status: "retry",
        reason: "SendGrid 429 (rate limited)",
        ambiguous: false,
        retryAfterMs: retryAfterMs(error),
      };
    if (code >= 500)
      return {
        status: "retry",
        reason: `SendGrid ${code}`,
        ambiguous: false,
        retryAfterMs: retryAfterMs(error),
      };
    return { status: "refused", reason: `SendGrid refused the message (${code})` };
  }
  if (typeof code === "string" && NOT_SENT_CODES.has(code))
    return { status: "retry", reason: `SendGrid unreachable (${code})`, ambiguous: false };
  // Timeouts, resets, anything unknown: the request may have been received.
  return {
    status: "retry",
    reason: `SendGrid request failed (${typeof code === "string" ? code : "unknown error"})`,
    ambiguous: true,
  };
}

export function createSendGridTransport(options: SendGridOptions): Transport {
  const client = new Client();
  client.setApiKey(options.apiKey);
  // setApiKey resets the base URL to the global region: set ours after it.
  client.setDefaultRequest("baseUrl", options.baseUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(options.timeoutMs ?? SENDGRID_TIMEOUT_MS);
  return {
    name: "sendgrid",
    async submit(submission) {
      try {
        const [response] = await mail.send(mailData(submission));
        const id = field(response.headers, "x-message-id");
        return { status: "accepted", providerId: typeof id === "string" ? id : null };
      } catch (error) {
        return classifySendGridError(error);
      }
    },
  };
}
