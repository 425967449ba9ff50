// Applying a stored delivery event — a SendGrid Event Webhook event (intake stored it under the
// shop named by our custom_args) or an outbox report — in one vocabulary (DeliveryEvent): the
// message's status and timestamps, suppression, and the contact's engagement for the CRM.
// Runs inside the event's transaction: database writes only.
//
// A message's progress (processed, delivered, opened, clicked: several events an email, the bulk of
// what a worker applies during a campaign) is written as plain SQL (a SessionHandler: no Prisma
// query compiler when a set holds only such events, decision 0017). An event that may suppress the
// address also ends the address's journeys (campaigns, in Prisma): a Prisma handler, which writes
// the message and the engagement with the same SQL through a session over its transaction.
import { suppressAndExit } from "../../campaigns/journey-state.server";
import { recordCrmChangeIn } from "../../crm/writes.server";
import { isSuppressed } from "../../customers/suppression.server";
import { directDb } from "../../db.server";
import {
  dateOf,
  parameters,
  prismaSession,
  requiredTextOf,
  updateById,
  type SqlSession,
} from "../../db/session";
import type { EventHandler, EventRow, SessionHandler } from "../../events/event";
import { log } from "../../lib/log.server";
import { fromOutboxEvent, outboxEventSchema } from "../outbox/events";
import { fromSendGridEvent, sendgridEventSchema } from "../sendgrid/events";
import type { DeliveryEvent } from "../transport";
import { effectsOf, type EventEffects, type MessageSnapshot } from "./effects";

/** A SendGrid event that may suppress the address (bounce, dropped, spam report, unsubscribe). */
export const applySendGridEvent: EventHandler = async (tx, event) => {
  const delivery = sendGridDelivery(event);
  if (!delivery) return;
  const session = prismaSession(directDb.kind, tx);
  const { effects, email, message } = await applyToMessage(session, event, delivery);
  if (!email) return;
  let newlySuppressed = false;
  if (effects.suppress) {
    newlySuppressed = !(await isSuppressed(tx, event.shop, email));
    await suppressAndExit(tx, event.shop, email, effects.suppress, delivery.at);
  }
  // Without the message there is nothing to tell a repeat from a first event, except a new suppression.
  if (message || newlySuppressed) await recordEngagement(session, event, effects, email, delivery.at);
};

/** A SendGrid event about a message's progress (processed, deferred, delivered, open, click). */
export const applySendGridProgress: SessionHandler = {
  async session(session, event) {
    const delivery = sendGridDelivery(event);
    if (delivery) await applyProgress(session, event, delivery);
  },
};

/** An outbox report (delivered, or an open or click in the local inbox). */
export const applyOutboxEvent: SessionHandler = {
  session: (session, event) =>
    applyProgress(session, event, fromOutboxEvent(outboxEventSchema.parse(event.payload))),
};

function sendGridDelivery(event: EventRow): DeliveryEvent | null {
  const parsed = sendgridEventSchema.safeParse(event.payload);
  if (!parsed.success) {
    log.warn("sendgrid event not understood", { eventId: event.id, topic: event.topic });
    return null;
  }
  return fromSendGridEvent(parsed.data);
}

async function applyProgress(session: SqlSession, event: EventRow, delivery: DeliveryEvent) {
  const { effects, email, message } = await applyToMessage(session, event, delivery);
  // The routing table sends every event that may suppress to applySendGridEvent.
  if (effects.suppress)
    throw new Error(`delivery event ${event.id} (${delivery.type}) would suppress: not a progress event`);
  if (email && message) await recordEngagement(session, event, effects, email, delivery.at);
}

/** The message's status and timestamps; what the event means, and for which address. */
async function applyToMessage(session: SqlSession, event: EventRow, delivery: DeliveryEvent) {
  const found = delivery.messageId ? await readMessage(session, delivery.messageId) : null;
  // Our ids name the shop and the message; a message of another shop is not this event's.
  const message = found?.shop === event.shop ? found : null;
  const effects = effectsOf(delivery, message);
  if (message && effects.message) await updateById(session, "Message", message.id, effects.message);
  return { effects, email: message?.toEmail ?? event.email ?? null, message };
}

async function recordEngagement(
  session: SqlSession,
  event: EventRow,
  effects: EventEffects,
  email: string,
  at: Date,
) {
  if (!effects.engagement) return;
  await recordCrmChangeIn(session, {
    shop: event.shop,
    email,
    properties: { replyloop_email_engagement: effects.engagement },
    at,
  });
}

type StoredMessage = MessageSnapshot & { id: string; shop: string; toEmail: string };

/** The columns the effects need, not the stored email (tens of KB of html, amp and text a message). */
async function readMessage(session: SqlSession, id: string): Promise<StoredMessage | null> {
  const { p, values } = parameters(session.kind);
  const [row] = await session.query(
    `SELECT "id", "shop", "toEmail", "status", "deliveredAt", "openedAt", "clickedAt"
     FROM "Message" WHERE "id" = ${p(id)}`,
    values,
  );
  if (!row) return null;
  return {
    id: requiredTextOf(row.id, "message"),
    shop: requiredTextOf(row.shop, "message"),
    toEmail: requiredTextOf(row.toEmail, "message"),
    status: requiredTextOf(row.status, "message"),
    deliveredAt: dateOf(row.deliveredAt),
    openedAt: dateOf(row.openedAt),
    clickedAt: dateOf(row.clickedAt),
  };
}
