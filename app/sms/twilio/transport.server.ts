// Twilio's Messages resource through the official helper library (`twilio`), on a client pointed at
// TWILIO_API_BASE_URL (http-client.server.ts), with one shop's account: one request per text, from
// the shop's number or its Messaging Service, with our status callback URL. The outcome is
// classified so the sender knows whether Twilio may have taken it (docs/decisions/0019).
import twilio from "twilio";
import type { SmsSubmitResult, SmsTransport } from "../transport";
import { BaseUrlRequestClient } from "./http-client.server";

export const TWILIO_TIMEOUT_MS = 30_000;

export type TwilioAccount = {
  accountSid: string;
  authToken: string;
  /** Exactly one of the two says where texts come from. */
  fromNumber: string | null;
  messagingServiceSid: string | null;
};

/** Twilio error codes that say the account or its sender is not usable (the merchant must fix it). */
const ACCOUNT_CODES = new Set([20003, 20005, 20008, 20404, 21606, 21608, 21612, 21659, 21703, 21704]);
/** The recipient opted out (STOP): Twilio blocks every text to them from this sender. */
export const TWILIO_OPTED_OUT = 21610;

/** Connection errors raised before any byte of the request left: Twilio cannot have it. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (Reflect.get(value, name) as unknown) : undefined;
}

/** An error from the helper library (a RestException, or axios underneath) → what it means for this text. */
export function classifyTwilioError(error: unknown): SmsSubmitResult {
  if (error instanceof twilio.RestException) {
    const code = typeof error.code === "number" ? error.code : undefined;
    const words = `${error.message}${code ? ` (Twilio error ${code})` : ""}`;
    if (error.status === 429) return { status: "retry", reason: `Twilio 429: ${words}`, ambiguous: false };
    if (error.status >= 500) return { status: "retry", reason: `Twilio ${error.status}`, ambiguous: false };
    return {
      status: "refused",
      reason: words,
      ...(code !== undefined ? { code } : {}),
      ...(error.status === 401 || (code !== undefined && ACCOUNT_CODES.has(code))
        ? { credentials: true }
        : {}),
      ...(code === TWILIO_OPTED_OUT ? { optedOut: true } : {}),
    };
  }
  const code = field(error, "code");
  if (typeof code === "string" && NOT_SENT_CODES.has(code))
    return { status: "retry", reason: `Twilio unreachable (${code})`, ambiguous: false };
  return {
    status: "retry",
    reason: `Twilio request failed (${typeof code === "string" ? code : "unknown error"})`,
    ambiguous: true,
  };
}

export function createTwilioTransport(
  account: TwilioAccount,
  options: { baseUrl: string; timeoutMs?: number },
): SmsTransport {
  const client = twilio(account.accountSid, account.authToken, {
    httpClient: new BaseUrlRequestClient(options.baseUrl, {
      timeoutMs: options.timeoutMs ?? TWILIO_TIMEOUT_MS,
    }),
  });
  return {
    name: "twilio",
    async submit(submission) {
      try {
        const message = await client.messages.create({
          to: submission.to,
          body: submission.body,
          ...(account.messagingServiceSid
            ? { messagingServiceSid: account.messagingServiceSid }
            : { from: account.fromNumber ?? "" }),
          ...(submission.statusCallback ? { statusCallback: submission.statusCallback } : {}),
        });
        return { status: "accepted", providerId: message.sid };
      } catch (error) {
        return classifyTwilioError(error);
      }
    },
  };
}
