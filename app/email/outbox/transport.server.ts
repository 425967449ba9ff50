// The outbox: the transport when no SENDGRID_API_KEY is set. The sender has already stored the
// message, so taking it is all there is to do; like SendGrid, the outbox then reports what became
// of it — delivered at once — through `report`, which the composition root wires to the event log
// (so the message's status, the dashboard funnel and the CRM engagement follow the same path as
// SendGrid's events). Without `report` nothing is reported (as SendGrid without an Event Webhook).
import type { Clock } from "../../lib/clock";
import type { Transport } from "../transport";
import type { OutboxEvent } from "./events";

export type OutboxReport = (shop: string, event: OutboxEvent) => Promise<void>;

export function createOutboxTransport(options: { clock: Clock; report?: OutboxReport }): Transport {
  return {
    name: "outbox",
    async submit(submission) {
      try {
        await options.report?.(submission.shop, {
          event: "delivered",
          at: options.clock.now().getTime(),
          messageId: submission.messageId,
          email: submission.to,
        });
      } catch (error) {
        // Not recorded: take it again later, as SendGrid's "not now" (the report is stored once).
        return { status: "retry", reason: `outbox report failed: ${String(error)}`, ambiguous: false };
      }
      return { status: "accepted", providerId: null };
    },
  };
}
