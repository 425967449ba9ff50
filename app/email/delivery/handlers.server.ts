// Applying a stored delivery event — a SendGrid Event Webhook event (intake stored it under the
// shop named by our custom_args) or an outbox report — in one vocabulary (DeliveryEvent): the
// message's status and timestamps, suppression, and the contact's engagement for the CRM.
// Runs inside the event's transaction: database writes only.
import { suppressAndExit } from "../../campaigns/journey-state.server";
import { recordCrmChange } from "../../crm/writes.server";
import { isSuppressed } from "../../customers/suppression.server";
import type { Tx } from "../../db.server";
import type { EventHandler, EventRow } from "../../events/event";
import { log } from "../../lib/log.server";
import { fromOutboxEvent, outboxEventSchema } from "../outbox/events";
import { fromSendGridEvent, sendgridEventSchema } from "../sendgrid/events";
import type { DeliveryEvent } from "../transport";
import { effectsOf } from "./effects";

/** A SendGrid event type we act on. */
export const applySendGridEvent: EventHandler = async (tx, event) => {
  const parsed = sendgridEventSchema.safeParse(event.payload);
  if (!parsed.success) {
    log.warn("sendgrid event not understood", { eventId: event.id, topic: event.topic });
    return;
  }
  const delivery = fromSendGridEvent(parsed.data);
  if (delivery) await applyDeliveryEvent(tx, event, delivery);
};

/** An outbox report (delivered, or an open or click in the local inbox). */
export const applyOutboxEvent: EventHandler = async (tx, event) => {
  await applyDeliveryEvent(tx, event, fromOutboxEvent(outboxEventSchema.parse(event.payload)));
};

async function applyDeliveryEvent(tx: Tx, event: EventRow, delivery: DeliveryEvent) {
  // The columns the effects need, not the stored email (tens of KB of html, amp and text a message).
  const found = delivery.messageId
    ? await tx.message.findUnique({
        where: { id: delivery.messageId },
        select: {
          id: true,
          shop: true,
          toEmail: true,
          status: true,
          deliveredAt: true,
          openedAt: true,
          clickedAt: true,
        },
      })
    : null;
  // Our ids name the shop and the message; a message of another shop is not this event's.
  const message = found?.shop === event.shop ? found : null;
  const effects = effectsOf(delivery, message);
  const at = delivery.at;

  if (message && effects.message && Object.values(effects.message).some((v) => v !== undefined)) {
    // updateMany: a count back, not the whole row (update returns every column, the email too).
    await tx.message.updateMany({ where: { id: message.id }, data: effects.message });
  }
  const email = message?.toEmail ?? event.email ?? undefined;
  if (!email) return;
  let newlySuppressed = false;
  if (effects.suppress) {
    newlySuppressed = !(await isSuppressed(tx, event.shop, email));
    await suppressAndExit(tx, event.shop, email, effects.suppress, at);
  }
  // Without the message there is nothing to tell a repeat from a first event, except a new suppression.
  if (effects.engagement && (message || newlySuppressed)) {
    await recordCrmChange(tx, {
      shop: event.shop,
      email,
      properties: { replyloop_email_engagement: effects.engagement },
      at,
    });
  }
}
