// A text's status between our outbox and the phone. Status callbacks can arrive out of order, so a
// status only moves up this ladder; undelivered and failed outrank everything. Pure.

export const SMS_STATUSES = [
  "queued", // stored, not handed to the transport (or the transport said "not now")
  "sending", // handed to the transport, outcome not yet recorded
  "rejected", // the transport refused it (invalid number, opted out, bad credentials)
  "sent", // accepted by the transport
  "delivered",
  "undelivered",
  "failed",
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

const RANK: Record<SmsStatus, number> = {
  queued: 0,
  sending: 1,
  rejected: 2,
  sent: 2,
  delivered: 5,
  undelivered: 6,
  failed: 6,
};

export function isSmsStatus(value: string): value is SmsStatus {
  return (SMS_STATUSES as readonly string[]).includes(value);
}

export function advanceSmsStatus(current: string, next: SmsStatus): SmsStatus {
  const now = isSmsStatus(current) ? current : "sent";
  return RANK[next] > RANK[now] ? next : now;
}

/** The text went out (a retried send must not send it again). */
export function smsWasSubmitted(status: string): boolean {
  return isSmsStatus(status) && RANK[status] >= RANK.sent && status !== "rejected";
}
