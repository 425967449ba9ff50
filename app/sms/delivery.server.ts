// A text's status, as Twilio's status callbacks (or the SMS outbox's report) say, applied to the
// stored SmsMessage the way SendGrid's events update a Message: the status only moves up its ladder
// (status.ts), the first delivery is stamped, and why a text was not delivered is kept for the
// merchant in Twilio's words. Runs inside the event's transaction, as plain SQL (a SessionHandler:
// a text's several status callbacks apply without Prisma's query compiler, decision 0017).
import { z } from "zod";
import { dateOf, parameters, requiredTextOf, textOf, updateById, type SqlSession } from "../db/session";
import type { SessionHandler } from "../events/event";
import { log } from "../lib/log.server";
import { fromSmsOutboxEvent, smsOutboxEventSchema } from "./outbox/events";
import { advanceSmsStatus } from "./status";
import type { SmsStatusEvent } from "./transport";
import { fromTwilioStatus, statusSchema } from "./twilio/webhooks";

/** Twilio's delivery error codes, in the merchant's words. */
const DELIVERY_ERRORS: Record<string, string> = {
  "30003": "the phone is switched off or unreachable",
  "30004": "the recipient blocked the message",
  "30005": "the number is unknown or no longer in service",
  "30006": "a landline or a carrier that cannot take texts",
  "30007": "the carrier filtered it as spam",
  "30008": "an unknown carrier error",
};

const storedStatus = z.object({ message: z.string(), status: statusSchema });

export const applyTwilioStatus: SessionHandler = {
  async session(session, event) {
    const parsed = storedStatus.safeParse(event.payload);
    if (!parsed.success) {
      log.warn("twilio status not understood", { eventId: event.id, topic: event.topic });
      return;
    }
    const status = fromTwilioStatus(
      parsed.data.status,
      event.triggeredAt ?? event.receivedAt,
      parsed.data.message,
    );
    if (status) await applySmsStatus(session, event.shop, status);
  },
};

export const applySmsOutboxEvent: SessionHandler = {
  session: (session, event) =>
    applySmsStatus(session, event.shop, fromSmsOutboxEvent(smsOutboxEventSchema.parse(event.payload))),
};

async function applySmsStatus(session: SqlSession, shop: string, event: SmsStatusEvent) {
  const text = event.messageId ? await readText(session, event.messageId, shop) : null;
  if (!text) return;
  const status = advanceSmsStatus(text.status, event.status);
  const failed = event.status === "undelivered" || event.status === "failed";
  const code = /(\d+)$/.exec(event.error ?? "")?.[1];
  const data = {
    ...(status !== text.status ? { status } : {}),
    ...(event.status === "delivered" && !text.deliveredAt ? { deliveredAt: event.at } : {}),
    ...(failed && event.error
      ? {
          error: `${event.status === "failed" ? "Failed" : "Not delivered"}: ${code ? (DELIVERY_ERRORS[code] ?? event.error) : event.error} (${event.error})`,
        }
      : {}),
    ...(!text.providerId && event.providerId ? { providerId: event.providerId } : {}),
  };
  await updateById(session, "SmsMessage", text.id, data);
}

/** The shop's text, with the columns a status changes. */
async function readText(session: SqlSession, id: string, shop: string) {
  const { p, values } = parameters(session.kind);
  const [row] = await session.query(
    `SELECT "id", "status", "deliveredAt", "providerId" FROM "SmsMessage"
     WHERE "id" = ${p(id)} AND "shop" = ${p(shop)}`,
    values,
  );
  if (!row) return null;
  return {
    id: requiredTextOf(row.id, "text"),
    status: requiredTextOf(row.status, "text"),
    deliveredAt: dateOf(row.deliveredAt),
    providerId: textOf(row.providerId),
  };
}
