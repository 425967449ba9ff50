// Applying a stored SendGrid event (intake stored it under the shop named by our custom_args):
// the message's status and timestamps, suppression, and the contact's engagement for the CRM.
// Runs inside the event's transaction: database writes only.
import { recordCrmChange } from "../../crm/writes.server";
import { isSuppressed, suppress } from "../../customers/suppression.server";
import type { Tx } from "../../db.server";
import type { EventHandler, EventRow } from "../../events/event";
import { log } from "../../lib/log.server";
import { CUSTOM_ARG_MESSAGE } from "../sendgrid/custom-args";
import { sendgridEventSchema } from "../sendgrid/events";
import { effectsOf } from "./effects";

export async function applySendGridEvent(tx: Tx, event: EventRow) {
  const parsed = sendgridEventSchema.safeParse(event.payload);
  if (!parsed.success) {
    log.warn("sendgrid event not understood", { eventId: event.id, topic: event.topic });
    return;
  }
  const e = parsed.data;
  const messageId = e[CUSTOM_ARG_MESSAGE];
  const found = messageId ? await tx.message.findUnique({ where: { id: messageId } }) : null;
  // Our ids name the shop and the message; a message of another shop is not this event's.
  const message = found?.shop === event.shop ? found : null;
  const effects = effectsOf(e, message);
  const at = new Date(e.timestamp * 1000);

  if (message && effects.message && Object.values(effects.message).some((v) => v !== undefined)) {
    await tx.message.update({ where: { id: message.id }, data: effects.message });
  }
  const email = message?.toEmail ?? event.email ?? undefined;
  if (!email) return;
  let newlySuppressed = false;
  if (effects.suppress) {
    newlySuppressed = !(await isSuppressed(tx, event.shop, email));
    await suppress(tx, event.shop, email, effects.suppress, at);
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

/** Every SendGrid event type we act on. */
export const onSendGridEvent: EventHandler = applySendGridEvent;
