// The SendGrid Event Webhook edge: ECDSA signature, an array of events, each stored once
// (dedupe: sg_event_id) under the shop named by our own custom_args — never found through personal
// data. Events without our ids (SendGrid's test button, other senders on the account) are skipped.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { CUSTOM_ARG_SHOP } from "../email/sendgrid/custom-args";
import { sendgridEventSchema } from "../email/sendgrid/events";
import {
  verifySendGridSignature,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
} from "../email/sendgrid/signature.server";
import { env } from "../env.server";
import { plain, readBodyWithLimit } from "../lib/http.server";
import { isJsonObject, parseJsonLossless, type JsonValue } from "../lib/json";
import { log } from "../lib/log.server";
import { normalizeEmail } from "../lib/email-address";
import type { IncomingEvent } from "./event-log.server";
import { writeEvent } from "./event-writer.server";

const batchSchema = z.array(sendgridEventSchema).max(10_000);

export async function sendgridWebhookAction({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return plain(405, "Method not allowed", { Allow: "POST" });
  const body = await readBodyWithLimit(request);
  if (!body.ok) return body.response;
  const publicKey = env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  const signature = request.headers.get(SENDGRID_SIGNATURE_HEADER);
  const timestamp = request.headers.get(SENDGRID_TIMESTAMP_HEADER);
  if (!publicKey || !verifySendGridSignature(publicKey, body.text, signature, timestamp)) {
    return plain(401, "Unauthorized");
  }

  let raw: JsonValue;
  try {
    raw = parseJsonLossless(body.text);
  } catch {
    log.warn("sendgrid webhook rejected", { reason: "malformed JSON" });
    return plain(400, "malformed JSON");
  }
  const parsed = batchSchema.safeParse(raw);
  if (!parsed.success) {
    log.warn("sendgrid webhook rejected", { reason: parsed.error.issues[0]?.message });
    return plain(400, "expected an array of SendGrid events");
  }

  const items = Array.isArray(raw) ? raw : [];
  const named = [...new Set(parsed.data.map((e) => e[CUSTOM_ARG_SHOP]).filter((s): s is string => !!s))];
  const known = new Set(
    (await db.shop.findMany({ where: { domain: { in: named } }, select: { domain: true } })).map(
      (s) => s.domain,
    ),
  );
  let skipped = 0;
  const events: IncomingEvent[] = [];
  for (const [index, event] of parsed.data.entries()) {
    const item = items[index];
    const shop = event[CUSTOM_ARG_SHOP];
    if (!shop || !known.has(shop) || !isJsonObject(item)) {
      skipped++;
      continue;
    }
    events.push({
      shop,
      source: "sendgrid",
      topic: event.event,
      dedupeKey: event.sg_event_id,
      triggeredAt: new Date(event.timestamp * 1000),
      payload: item,
      email: normalizeEmail(event.email),
    });
  }
  await Promise.all(events.map((event) => writeEvent(event)));
  if (skipped) log.info("sendgrid events without our ids skipped", { skipped });
  return plain(200, "ok");
}
