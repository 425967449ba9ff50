// A stand-in for SendGrid's Mail Send v3 API on 127.0.0.1, for tests and the sandbox. It is a real
// HTTP server and knows the product only through HTTP: it enforces the request shape SendGrid
// enforces (tsg_mail_v3.json: personalizations, from, subject, content order text/plain →
// text/x-amp-html → text/html, custom_args ≤ 10,000 bytes, categories, reserved headers, the
// Bearer key), answers 202 with an X-Message-Id, can be told to fail, and records every request.
// It can also produce Event Webhook events for the messages it accepted (eventsFor).
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

export const MAIL_SEND_PATH = "/v3/mail/send";
export const MAX_CUSTOM_ARGS_BYTES = 10_000;
const MAX_BODY_BYTES = 30 * 1024 * 1024;
const RESERVED_HEADERS = new Set([
  "x-sg-id",
  "x-sg-eid",
  "received",
  "dkim-signature",
  "content-type",
  "content-transfer-encoding",
  "to",
  "from",
  "subject",
  "reply-to",
  "cc",
  "bcc",
]);
const CONTENT_ORDER = ["text/plain", "text/x-amp-html", "text/html"];

const address = z.object({ email: z.email(), name: z.string().optional() }).strict();
const stringMap = z.record(z.string(), z.string());
const personalization = z
  .object({
    to: z.array(address).min(1).max(1000),
    cc: z.array(address).max(1000).optional(),
    bcc: z.array(address).max(1000).optional(),
    from: address.optional(),
    subject: z.string().min(1).optional(),
    headers: stringMap.optional(),
    substitutions: stringMap.optional(),
    dynamic_template_data: z.record(z.string(), z.unknown()).optional(),
    custom_args: stringMap.optional(),
    send_at: z.number().int().optional(),
  })
  .strict();
export const mailSendSchema = z
  .object({
    personalizations: z.array(personalization).min(1).max(1000),
    from: address,
    reply_to: address.optional(),
    reply_to_list: z.array(address).max(1000).optional(),
    subject: z.string().min(1).optional(),
    content: z
      .array(z.object({ type: z.string().min(1), value: z.string().min(1) }).strict())
      .min(1)
      .optional(),
    attachments: z
      .array(
        z.object({
          content: z.string().min(1),
          filename: z.string(),
          type: z.string().optional(),
          disposition: z.string().optional(),
          content_id: z.string().optional(),
        }),
      )
      .optional(),
    template_id: z.string().optional(),
    headers: stringMap.optional(),
    categories: z.array(z.string().max(255)).max(10).optional(),
    custom_args: stringMap.optional(),
    send_at: z.number().int().optional(),
    batch_id: z.string().optional(),
    asm: z
      .object({ group_id: z.number().int(), groups_to_display: z.array(z.number().int()).max(25).optional() })
      .optional(),
    ip_pool_name: z.string().min(2).max(64).optional(),
    mail_settings: z.record(z.string(), z.unknown()).optional(),
    tracking_settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type MailSend = z.infer<typeof mailSendSchema>;

/** The rules beyond the schema's types. Returns SendGrid-style error messages (empty: valid). */
export function mailSendProblems(mail: MailSend): string[] {
  const problems: string[] = [];
  if (!mail.template_id) {
    if (!mail.content?.length) problems.push("content: at least one content type is required");
    if (!mail.subject && !mail.personalizations.every((p) => p.subject))
      problems.push("subject: a subject is required (message or every personalization)");
  }
  const types = (mail.content ?? []).map((c) => c.type.toLowerCase());
  if (new Set(types).size !== types.length) problems.push("content: each type may appear only once");
  const ordered = types.filter((t) => CONTENT_ORDER.includes(t));
  const expected = [...ordered].sort((a, b) => CONTENT_ORDER.indexOf(a) - CONTENT_ORDER.indexOf(b));
  if (ordered.join() !== expected.join())
    problems.push(`content: order must be ${CONTENT_ORDER.join(", ")}; got ${types.join(", ")}`);
  if (ordered.length && types.slice(0, ordered.length).join() !== ordered.join())
    problems.push(`content: ${CONTENT_ORDER.join(", ")} must come first`);
  const recipients = mail.personalizations.reduce(
    (n, p) => n + p.to.length + (p.cc?.length ?? 0) + (p.bcc?.length ?? 0),
    0,
  );
  if (recipients > 1000) problems.push("personalizations: at most 1000 recipients");
  const topArgs = Buffer.byteLength(JSON.stringify(mail.custom_args ?? {}));
  mail.personalizations.forEach((p, i) => {
    const bytes = topArgs + Buffer.byteLength(JSON.stringify(p.custom_args ?? {}));
    if (bytes > MAX_CUSTOM_ARGS_BYTES)
      problems.push(
        `personalizations.${i}.custom_args: total custom_args size may not exceed ${MAX_CUSTOM_ARGS_BYTES} bytes (got ${bytes})`,
      );
  });
  for (const headers of [mail.headers, ...mail.personalizations.map((p) => p.headers)]) {
    for (const name of Object.keys(headers ?? {})) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) problems.push(`headers: ${name} may not be overridden`);
    }
  }
  if (mail.categories && new Set(mail.categories).size !== mail.categories.length)
    problems.push("categories: must be unique");
  return problems;
}

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  status: number;
  /** Set on 202: the X-Message-Id answered. */
  messageId?: string;
  /** The parsed body of a valid request. */
  mail?: MailSend;
  errors?: string[];
};

export type FakeSendGrid = {
  url: string;
  apiKey: string;
  readonly requests: RecordedRequest[];
  /** Valid requests answered 202, in order. */
  accepted(): (RecordedRequest & { mail: MailSend; messageId: string })[];
  /** The next `times` valid requests get `status` (429, 500, 503 …) instead of 202. */
  failNext(status: number, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** The next `times` valid requests are read but never answered (an overloaded SendGrid): the client times out. */
  stallNext(times?: number): void;
  reset(): void;
  close(): Promise<void>;
};

/** A queued "failure" that answers nothing at all. */
const STALL = 0;

function errorBody(messages: string[]) {
  return JSON.stringify({ errors: messages.map((message) => ({ message, field: null, help: null })) });
}

export async function startFakeSendGrid(
  options: {
    apiKey?: string;
    port?: number;
    /** How long each answer takes, like Mail Send's own response time (benches; default none). */
    latencyMs?: number;
  } = {},
): Promise<FakeSendGrid> {
  const apiKey = options.apiKey ?? "SG.fake-key";
  const requests: RecordedRequest[] = [];
  const failures: { status: number; retryAfterSeconds?: number }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const record: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        raw,
        status: 0,
      };
      requests.push(record);
      const answer = (status: number, body = "", headers: Record<string, string> = {}) => {
        record.status = status;
        const respond = () => {
          res.writeHead(status, { ...(body ? { "Content-Type": "application/json" } : {}), ...headers });
          res.end(body);
        };
        if (options.latencyMs) setTimeout(respond, options.latencyMs);
        else respond();
      };
      if (record.path.split("?")[0] !== MAIL_SEND_PATH) return answer(404, errorBody(["not found"]));
      if (record.method !== "POST") return answer(405, errorBody(["method not allowed"]));
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        record.errors = ["authorization"];
        return answer(401, errorBody(["The provided authorization grant is invalid, expired, or revoked"]));
      }
      if (size > MAX_BODY_BYTES) return answer(413, errorBody(["payload too large"]));
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        record.errors = ["invalid JSON"];
        return answer(400, errorBody(["Bad Request: invalid JSON"]));
      }
      const parsed = mailSendSchema.safeParse(json);
      const problems = parsed.success
        ? mailSendProblems(parsed.data)
        : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      if (!parsed.success || problems.length) {
        record.errors = problems;
        return answer(400, errorBody(problems));
      }
      record.mail = parsed.data;
      const failure = failures.shift();
      if (failure?.status === STALL) {
        record.errors = ["stalled: never answered"];
        return;
      }
      if (failure) {
        return answer(
          failure.status,
          errorBody([failure.status === 429 ? "too many requests" : "internal error"]),
          {
            ...(failure.retryAfterSeconds !== undefined
              ? { "Retry-After": String(failure.retryAfterSeconds) }
              : {}),
          },
        );
      }
      record.messageId = randomBytes(16).toString("base64url");
      answer(202, "", { "X-Message-Id": record.messageId });
    });
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    accepted: () =>
      requests.filter(
        (r): r is RecordedRequest & { mail: MailSend; messageId: string } =>
          r.status === 202 && !!r.mail && !!r.messageId,
      ),
    failNext(status, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++)
        failures.push({ status, retryAfterSeconds: opts.retryAfterSeconds });
    },
    stallNext(times = 1) {
      for (let i = 0; i < times; i++) failures.push({ status: STALL });
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export type SendGridEventKind =
  | "processed"
  | "delivered"
  | "open"
  | "click"
  | "bounce"
  | "dropped"
  | "deferred"
  | "spamreport"
  | "unsubscribe"
  | "group_unsubscribe";

/**
 * Event Webhook events for an accepted message, as SendGrid posts them: one per recipient, with the
 * message's custom_args copied to the top level of each event and its categories as `category`.
 */
export function eventsFor(
  accepted: { mail: MailSend; messageId: string },
  kind: SendGridEventKind,
  extra: Record<string, string | number | boolean> = {},
  at = new Date(),
): Record<string, unknown>[] {
  return accepted.mail.personalizations.flatMap((p) =>
    p.to.map((to) => ({
      email: to.email,
      timestamp: Math.floor(at.getTime() / 1000),
      "smtp-id": `<${accepted.messageId}@fake.sendgrid>`,
      event: kind,
      category: accepted.mail.categories ?? [],
      sg_event_id: randomBytes(16).toString("base64url"),
      sg_message_id: `${accepted.messageId}.filter0001.1.0`,
      ...(kind === "bounce"
        ? {
            type: "bounce",
            reason: "550 5.1.1 The email account that you tried to reach does not exist",
            status: "5.1.1",
            bounce_classification: "Invalid Address",
          }
        : {}),
      ...(kind === "dropped" ? { reason: "Bounced Address", status: "5.0.0" } : {}),
      ...(kind === "open" ? { sg_machine_open: false, useragent: "Mozilla/5.0", ip: "192.0.2.10" } : {}),
      ...(kind === "delivered" ? { response: "250 OK" } : {}),
      ...mailCustomArgs(accepted.mail, p),
      ...extra,
    })),
  );
}

function mailCustomArgs(mail: MailSend, p: MailSend["personalizations"][number]) {
  return { ...(mail.custom_args ?? {}), ...(p.custom_args ?? {}) };
}
