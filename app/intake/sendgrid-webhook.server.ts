// The SendGrid Event Webhook edge: the delivery is read by the SendGrid provider (signature, schema:
// app/email/sendgrid/webhook.server.ts); each event is stored once (dedupe: sg_event_id) under the
// shop named by our own custom_args — never found through personal data. Events without our ids
// (SendGrid's test button, other senders on the account) are skipped.
import db from "../db.server";
import { readSendGridWebhook } from "../email/sendgrid/webhook.server";
import { env } from "../env.server";
import { normalizeEmail } from "../lib/email-address";
import { log } from "../lib/log.server";
import { OK, answer, type Delivery, type IntakeAnswer } from "./delivery";
import { writeEvents, type IncomingEvent } from "./event-writer.server";

export async function sendgridWebhook(delivery: Delivery): Promise<IntakeAnswer> {
  const read = readSendGridWebhook(delivery.body, delivery.header, env.SENDGRID_WEBHOOK_PUBLIC_KEY);
  if (!read.ok) {
    if (read.status !== 401) log.warn("sendgrid webhook rejected", { reason: read.reason });
    return answer(read.status, read.reason);
  }

  const named = [...new Set(read.events.map((e) => e.shop).filter((s): s is string => !!s))];
  const known = new Set(
    (await db.shop.findMany({ where: { domain: { in: named } }, select: { domain: true } })).map(
      (s) => s.domain,
    ),
  );
  let skipped = 0;
  const events: IncomingEvent[] = [];
  for (const { event, raw, shop } of read.events) {
    if (!shop || !known.has(shop)) {
      skipped++;
      continue;
    }
    events.push({
      shop,
      source: "sendgrid",
      topic: event.event,
      dedupeKey: event.sg_event_id,
      triggeredAt: new Date(event.timestamp * 1000),
      payload: raw,
      email: normalizeEmail(event.email),
    });
  }
  await writeEvents(events);
  if (skipped) log.info("sendgrid events without our ids skipped", { skipped });
  return OK;
}
