// A message's status: where it is between our outbox and the recipient. Events can arrive out of
// order (an open before its delivered), so a status only ever moves up this ladder; bounces and
// drops outrank everything, since they mean the recipient never got it.

export const MESSAGE_STATUSES = [
  "queued", // stored, not handed to the transport (or the transport said "not now")
  "sending", // handed to the transport, outcome not yet recorded
  "rejected", // the transport refused it for good
  "sent", // accepted by the transport (the outbox: stored)
  "processed",
  "deferred",
  "blocked",
  "delivered",
  "opened",
  "clicked",
  "unsubscribed",
  "spam_reported",
  "dropped",
  "bounced",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const RANK: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  rejected: 2,
  sent: 2,
  processed: 3,
  deferred: 4,
  blocked: 4,
  delivered: 5,
  opened: 6,
  clicked: 7,
  unsubscribed: 8,
  spam_reported: 9,
  dropped: 10,
  bounced: 10,
};

export function isMessageStatus(value: string): value is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** The status after an event that suggests `next`: the higher of the two. */
export function advanceStatus(current: string, next: MessageStatus): MessageStatus {
  const now = isMessageStatus(current) ? current : "sent";
  return RANK[next] > RANK[now] ? next : now;
}

/** Statuses meaning the message went out (a retried send must not send it again). */
export function wasSubmitted(status: string): boolean {
  return isMessageStatus(status) && RANK[status] >= RANK.sent && status !== "rejected";
}
