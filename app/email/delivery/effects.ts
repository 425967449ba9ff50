// What one delivery event (from SendGrid or the outbox) means for us: the message's status and
// timestamps, the contact's email engagement (handed to the CRM), and whether the address must be
// suppressed. Pure: it compares the event with the message as stored, so the same event applied
// twice changes nothing the second time.
import type { Engagement } from "../../crm/properties";
import type { SuppressionReason } from "../../customers/suppression.server";
import { advanceStatus, type MessageStatus } from "../message-status";
import type { DeliveryEvent } from "../transport";
export type MessageSnapshot = {
  status: string;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
};

export type EventEffects = {
  message?: { status?: MessageStatus; deliveredAt?: Date; openedAt?: Date; clickedAt?: Date };
  /** Only when this event is the first of its kind for the message (or, unknown message, a new suppression). */
  engagement?: Engagement;
  suppress?: SuppressionReason;
};

/** Dropped reasons that say the address itself is bad or opted out (not e.g. a content or quota drop). */
const DROPPED_SUPPRESS: Record<string, SuppressionReason> = {
  "bounced address": "dropped",
  invalid: "dropped",
  "invalid address": "dropped",
  "spam reporting address": "spam_report",
  "unsubscribed address": "unsubscribed",
};

function statusChange(snapshot: MessageSnapshot | null, next: MessageStatus) {
  if (!snapshot) return { changed: false, status: undefined };
  const status = advanceStatus(snapshot.status, next);
  return { changed: status !== snapshot.status, status: status !== snapshot.status ? status : undefined };
}

export function effectsOf(event: DeliveryEvent, snapshot: MessageSnapshot | null): EventEffects {
  const at = event.at;
  const firstTime = (stamp: Date | null | undefined) => snapshot !== null && !stamp;
  switch (event.type) {
    case "processed":
    case "deferred":
    case "blocked":
      return { message: { status: statusChange(snapshot, event.type).status } };
    case "delivered": {
      const first = firstTime(snapshot?.deliveredAt);
      return {
        message: {
          status: statusChange(snapshot, "delivered").status,
          ...(first ? { deliveredAt: at } : {}),
        },
        ...(first ? { engagement: "delivered" } : {}),
      };
    }
    case "open": {
      if (event.machineOpen) return {};
      const first = firstTime(snapshot?.openedAt);
      return {
        message: { status: statusChange(snapshot, "opened").status, ...(first ? { openedAt: at } : {}) },
        ...(first ? { engagement: "opened" } : {}),
      };
    }
    case "click": {
      const first = firstTime(snapshot?.clickedAt);
      return {
        message: {
          status: statusChange(snapshot, "clicked").status,
          ...(first ? { clickedAt: at } : {}),
          ...(firstTime(snapshot?.openedAt) ? { openedAt: at } : {}),
        },
        ...(first ? { engagement: "clicked" } : {}),
      };
    }
    case "bounce": {
      const change = statusChange(snapshot, "bounced");
      return {
        message: { status: change.status },
        suppress: "bounced",
        ...(change.changed || !snapshot ? { engagement: "bounced" } : {}),
      };
    }
    case "dropped": {
      const change = statusChange(snapshot, "dropped");
      const reason = DROPPED_SUPPRESS[(event.reason ?? "").trim().toLowerCase()];
      const engagement: Engagement | undefined =
        reason === "dropped" ? "bounced" : reason ? "unsubscribed" : undefined;
      return {
        message: { status: change.status },
        ...(reason ? { suppress: reason } : {}),
        ...(engagement && (change.changed || !snapshot) ? { engagement } : {}),
      };
    }
    case "spamreport":
    case "unsubscribe": {
      const change = statusChange(snapshot, event.type === "spamreport" ? "spam_reported" : "unsubscribed");
      return {
        message: { status: change.status },
        suppress: event.type === "spamreport" ? "spam_report" : "unsubscribed",
        ...(change.changed || !snapshot ? { engagement: "unsubscribed" } : {}),
      };
    }
  }
}
