// A stand-in for Twilio's Programmable Messaging on 127.0.0.1, for tests, the sandbox and the
// benchmarks. It knows Replyloop only through HTTP and refuses what Twilio refuses, the way Twilio
// does: the Messages resource (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded,
// Basic auth with the Account SID and auth token), To/From/Body or MessagingServiceSid, E.164
// numbers (21211), a From the account does not own (21606), an unsubscribed recipient (21610: Twilio
// blocks every text after STOP until START), bodies over 1,600 characters (21617). It answers 201
// with the message resource, then posts the text's statuses (queued, sent, delivered — or
// undelivered / failed for numbers told to fail) to its StatusCallback, and a phone's replies to the
// number's incoming-message URL: form-encoded, signed with X-Twilio-Signature (base64 HMAC-SHA1 of
// the URL and the sorted parameters, keyed with the auth token). It records every request.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createJsonServer } from "./json-server";

export const TWILIO_API_VERSION = "2010-04-01";
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY = 1600;
/** Twilio's default opt-out and opt-in keywords (Advanced Opt-Out off), matched on the whole text. */
export const TWILIO_STOP_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
export const TWILIO_START_WORDS = ["START", "YES", "UNSTOP"];
export const TWILIO_HELP_WORDS = ["HELP", "INFO"];

export type FakeTwilioAccount = {
  sid: string;
  authToken: string;
  /** Numbers the account owns (E.164). */
  numbers: string[];
  /** Messaging Services: their SID and the numbers in their sender pool. */
  services: { sid: string; numbers: string[] }[];
  /** "A message comes in" webhook per number or Messaging Service SID. */
  inboundUrls: Map<string, string>;
};

export type FakeTwilioMessage = {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  direction: "outbound-api" | "inbound";
  dateCreated: string;
};

export type TwilioRequest = { method: string; path: string; status: number; code?: number };

type Outcome = "delivered" | "undelivered" | "failed";
type Callback = { url: string; authToken: string; params: Record<string, string> };

/** Posts a signed webhook; resolves to the HTTP status the receiver answered. */
export type Deliver = (
  url: string,
  init: { headers: Record<string, string>; body: string },
) => Promise<number>;

const httpDeliver: Deliver = async (url, init) => {
  const res = await fetch(url, { method: "POST", ...init });
  await res.arrayBuffer();
  return res.status;
};

export const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** X-Twilio-Signature of a request Twilio sends: base64 HMAC-SHA1 of the URL + sorted name/value pairs. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

const errorBody = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

export async function startFakeTwilio(
  options: { port?: number; deliver?: Deliver; autoCallbacks?: boolean } = {},
) {
  const accounts = new Map<string, FakeTwilioAccount>();
  const messages: FakeTwilioMessage[] = [];
  const requests: TwilioRequest[] = [];
  /** "sender|recipient" pairs blocked by the recipient's STOP. */
  const optedOut = new Set<string>();
  const outcomes = new Map<string, Outcome>();
  const pending: Callback[] = [];
  let deliver = options.deliver ?? httpDeliver;
  let flushing: Promise<void> | null = null;

  function addAccount(input: {
    sid?: string;
    authToken?: string;
    numbers: string[];
    services?: { sid: string; numbers: string[] }[];
  }) {
    const account: FakeTwilioAccount = {
      sid: input.sid ?? newSid("AC"),
      authToken: input.authToken ?? randomBytes(16).toString("hex"),
      numbers: [...input.numbers],
      services: (input.services ?? []).map((s) => ({ sid: s.sid, numbers: [...s.numbers] })),
      inboundUrls: new Map(),
    };
    accounts.set(account.sid, account);
    return account;
  }

  /** The account that owns a number, and the Messaging Service it belongs to (if any). */
  function ownerOf(number: string) {
    for (const account of accounts.values()) {
      const service = account.services.find((s) => s.numbers.includes(number));
      if (service || account.numbers.includes(number)) return { account, service: service ?? null };
    }
    return null;
  }

  function authorised(header: string | undefined, account: FakeTwilioAccount) {
    const match = /^Basic (.+)$/.exec(header ?? "");
    if (!match) return false;
    const given = Buffer.from(Buffer.from(match[1]!, "base64").toString("utf8"));
    const expected = Buffer.from(`${account.sid}:${account.authToken}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function resource(m: FakeTwilioMessage) {
    const path = `/${TWILIO_API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
    return {
      account_sid: m.accountSid,
      api_version: TWILIO_API_VERSION,
      body: m.body,
      date_created: new Date(m.dateCreated).toUTCString(),
      date_sent: null,
      date_updated: new Date(m.dateCreated).toUTCString(),
      direction: m.direction,
      error_code: m.errorCode,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: "0",
      num_segments: String(Math.max(1, Math.ceil(m.body.length / 153))),
      price: null,
      price_unit: "USD",
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: path.replace(".json", "/Media.json") },
      to: m.to,
      uri: path,
    };
  }

  function queueStatus(m: FakeTwilioMessage, account: FakeTwilioAccount, status: string, errorCode?: number) {
    m.status = status;
    if (errorCode) m.errorCode = errorCode;
    if (!m.statusCallback) return;
    pending.push({
      url: m.statusCallback,
      authToken: account.authToken,
      params: {
        AccountSid: account.sid,
        ApiVersion: TWILIO_API_VERSION,
        From: m.from,
        MessageSid: m.sid,
        MessageStatus: status,
        SmsSid: m.sid,
        SmsStatus: status,
        To: m.to,
        ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
        ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
      },
    });
  }

  async function post(callback: Callback) {
    const body = new URLSearchParams(callback.params).toString();
    return deliver(callback.url, {
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilioSignature(callback.authToken, callback.url, callback.params),
        "I-Twilio-Idempotency-Token": randomBytes(16).toString("hex"),
        "User-Agent": "TwilioProxy/1.1",
      },
      body,
    });
  }

  /** Posts every pending status callback, in order; resolves to the statuses our app answered. */
  async function flushCallbacks(): Promise<number[]> {
    const answered: number[] = [];
    while (pending.length) answered.push(await post(pending.shift()!));
    return answered;
  }

  function scheduleFlush() {
    if (!options.autoCallbacks || flushing) return;
    flushing = new Promise<void>((resolve) => setTimeout(resolve, 50))
      .then(() => flushCallbacks())
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        flushing = null;
        if (pending.length) scheduleFlush();
      });
  }

  function createMessage(account: FakeTwilioAccount, form: URLSearchParams) {
    const to = form.get("To") ?? "";
    const body = form.get("Body") ?? "";
    const from = form.get("From");
    const serviceSid = form.get("MessagingServiceSid");
    const callback = form.get("StatusCallback");
    if (!to) return { status: 400, error: errorBody(400, 21604, "A 'To' phone number is required.") };
    if (!body && !form.get("MediaUrl"))
      return { status: 400, error: errorBody(400, 21602, "Message body is required.") };
    if (!from && !serviceSid)
      return {
        status: 400,
        error: errorBody(
          400,
          21603,
          "A 'From' or 'MessagingServiceSid' parameter is required to send a message.",
        ),
      };
    let sender = from ?? "";
    if (serviceSid) {
      const service = account.services.find((s) => s.sid === serviceSid);
      if (!service)
        return {
          status: 400,
          error: errorBody(400, 21705, `The Messaging Service Sid ${serviceSid} is invalid.`),
        };
      if (!service.numbers.length)
        return {
          status: 400,
          error: errorBody(
            400,
            21703,
            "The Messaging Service does not have a phone number available to send a message.",
          ),
        };
      sender = from && service.numbers.includes(from) ? from : service.numbers[0]!;
    } else if (
      !account.numbers.includes(sender) &&
      !account.services.some((s) => s.numbers.includes(sender))
    ) {
      return {
        status: 400,
        error: errorBody(
          400,
          21606,
          `The From phone number ${sender} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        ),
      };
    }
    if (!E164.test(to))
      return { status: 400, error: errorBody(400, 21211, `Invalid 'To' Phone Number: ${to}`) };
    if (body.length > MAX_BODY)
      return {
        status: 400,
        error: errorBody(400, 21617, "The concatenated message body exceeds the 1600 character limit."),
      };
    if (callback !== null && !/^https?:\/\/\S{1,1990}$/.test(callback))
      return {
        status: 400,
        error: errorBody(400, 21609, `The StatusCallback URL ${callback} is not a valid URL.`),
      };
    if (optedOut.has(`${sender}|${to}`))
      return { status: 400, error: errorBody(400, 21610, "Attempt to send to unsubscribed recipient") };
    const message: FakeTwilioMessage = {
      sid: newSid("SM"),
      accountSid: account.sid,
      from: sender,
      to,
      body,
      messagingServiceSid: serviceSid,
      statusCallback: callback,
      status: serviceSid ? "accepted" : "queued",
      errorCode: null,
      direction: "outbound-api",
      dateCreated: new Date().toISOString(),
    };
    messages.push(message);
    const answer = resource(message);
    queueStatus(message, account, "queued");
    const outcome = outcomes.get(to) ?? "delivered";
    if (outcome === "failed") queueStatus(message, account, "failed", 30008);
    else {
      queueStatus(message, account, "sent");
      if (outcome === "undelivered") queueStatus(message, account, "undelivered", 30003);
      else queueStatus(message, account, "delivered");
    }
    scheduleFlush();
    return { status: 201, message: answer };
  }

  const messagesPath = new RegExp(`^/${TWILIO_API_VERSION}/Accounts/(AC[0-9a-f]{32})/Messages\\.json$`);
  const server = createJsonServer((req, reply) => {
    const send = (status: number, body: unknown) => {
      requests.push({
        method: req.method,
        path: req.url.pathname,
        status,
        ...(status >= 400 ? { code: (body as { code: number }).code } : {}),
      });
      reply.json(status, body);
    };
    const match = messagesPath.exec(req.url.pathname);
    if (!match)
      return send(404, errorBody(404, 20404, `The requested resource ${req.url.pathname} was not found`));
    const account = accounts.get(match[1]!);
    if (!account || !authorised(req.headers.authorization, account))
      return send(401, errorBody(401, 20003, "Authenticate"));
    if (req.method !== "POST") return send(405, errorBody(405, 20004, "Method not allowed"));
    const type = String(req.headers["content-type"] ?? "")
      .split(";")[0]!
      .trim()
      .toLowerCase();
    // Twilio reads only form parameters: a JSON body is a request without any.
    const form = new URLSearchParams(type === "application/x-www-form-urlencoded" ? req.body : "");
    const result = createMessage(account, form);
    return send(result.status, result.error ?? result.message);
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accounts,
    messages,
    requests,
    addAccount,
    /** Where a number's (or Messaging Service's) incoming texts are posted, as set in the Twilio console. */
    setInboundUrl(account: FakeTwilioAccount, numberOrService: string, url: string) {
      account.inboundUrls.set(numberOrService, url);
    },
    /** What becomes of the next texts to this number (delivered by default). */
    setOutcome(to: string, outcome: Outcome) {
      outcomes.set(to, outcome);
    },
    /** Receivers of signed webhooks (status callbacks, incoming texts): over HTTP by default. */
    setDeliver(next: Deliver) {
      deliver = next;
    },
    flushCallbacks,
    pendingCallbacks: () => pending.length,
    /** Forgets every text, request, pending callback, opt-out and outcome (a test starting over). */
    reset() {
      messages.length = 0;
      requests.length = 0;
      pending.length = 0;
      optedOut.clear();
      outcomes.clear();
    },
    /** Texts sent to (or by) a phone, oldest first. */
    conversation: (phone: string) => messages.filter((m) => m.to === phone || m.from === phone),
    /** Whether STOP from `recipient` blocks texts from `sender`. */
    isOptedOut: (sender: string, recipient: string) => optedOut.has(`${sender}|${recipient}`),
    /**
     * A phone texts one of the account's numbers: Twilio's keyword handling (STOP blocks the pair,
     * START lifts it), then the signed incoming-message webhook to the number's (or its Messaging
     * Service's) URL. Resolves to the status our app answered and the message's SID.
     */
    async sendText(input: { from: string; to: string; body: string; messageSid?: string }) {
      const owner = ownerOf(input.to);
      if (!owner) throw new Error(`No account owns ${input.to}`);
      const { account, service } = owner;
      const url = (service && account.inboundUrls.get(service.sid)) ?? account.inboundUrls.get(input.to);
      if (!url) throw new Error(`No incoming-message URL for ${input.to}`);
      const word = input.body.trim().toUpperCase();
      const pairs = service ? service.numbers : [input.to];
      let optOutType: string | undefined;
      if (TWILIO_STOP_WORDS.includes(word)) {
        for (const n of pairs) optedOut.add(`${n}|${input.from}`);
        optOutType = "STOP";
      } else if (TWILIO_START_WORDS.includes(word)) {
        for (const n of pairs) optedOut.delete(`${n}|${input.from}`);
        optOutType = "START";
      } else if (TWILIO_HELP_WORDS.includes(word)) optOutType = "HELP";
      const sid = input.messageSid ?? newSid("SM");
      if (!messages.some((m) => m.sid === sid))
        messages.push({
          sid,
          accountSid: account.sid,
          from: input.from,
          to: input.to,
          body: input.body,
          messagingServiceSid: service?.sid ?? null,
          statusCallback: null,
          status: "received",
          errorCode: null,
          direction: "inbound",
          dateCreated: new Date().toISOString(),
        });
      const params: Record<string, string> = {
        AccountSid: account.sid,
        ApiVersion: TWILIO_API_VERSION,
        Body: input.body,
        From: input.from,
        FromCountry: "US",
        MessageSid: sid,
        NumMedia: "0",
        NumSegments: "1",
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: "received",
        To: input.to,
        ToCountry: "US",
        ...(service ? { MessagingServiceSid: service.sid } : {}),
        ...(optOutType ? { OptOutType: optOutType } : {}),
      };
      const status = await post({ url, authToken: account.authToken, params });
      return { status, messageSid: sid };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
