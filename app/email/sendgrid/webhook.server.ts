// Reading one delivery of SendGrid's Signed Event Webhook: the signature (./signature.server.ts),
// then a JSON array of at most 10,000 events, each validated with the one event schema. The
// intake edge (app/intake/sendgrid-webhook.server.ts) stores what this returns.
import { isJsonObject, parseJsonLossless, type JsonObject, type JsonValue } from "../../lib/json";
import { CUSTOM_ARG_SHOP } from "./custom-args";
import { sendgridEventSchema, type SendGridEvent } from "./events";
import { z } from "zod";
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  verifySendGridSignature,
} from "./signature.server";

const batchSchema = z.array(sendgridEventSchema).max(10_000);

/** One event: as validated, as received (stored as is), and the shop our custom_args name. */
export type ReceivedSendGridEvent = { event: SendGridEvent; raw: JsonObject; shop: string | undefined };

export type SendGridWebhookRead =
  { ok: true; events: ReceivedSendGridEvent[] } | { ok: false; status: 400 | 401; reason: string };

export function readSendGridWebhook(
  body: string,
  header: (name: string) => string | null | undefined,
  publicKey: string | undefined,
): SendGridWebhookRead {
  const signature = header(SENDGRID_SIGNATURE_HEADER) ?? null;
  const timestamp = header(SENDGRID_TIMESTAMP_HEADER) ?? null;
  if (!publicKey || !verifySendGridSignature(publicKey, body, signature, timestamp))
    return { ok: false, status: 401, reason: "Unauthorized" };
  let raw: JsonValue;
  try {
    raw = parseJsonLossless(body);
  } catch {
    return { ok: false, status: 400, reason: "malformed JSON" };
  }
  const parsed = batchSchema.safeParse(raw);
  if (!parsed.success || !Array.isArray(raw))
    return { ok: false, status: 400, reason: "expected an array of SendGrid events" };
  const items = raw;
  return {
    ok: true,
    events: parsed.data.flatMap((event, index) => {
      const item = items[index];
      return isJsonObject(item) ? [{ event, raw: item, shop: event[CUSTOM_ARG_SHOP] }] : [];
    }),
  };
}
