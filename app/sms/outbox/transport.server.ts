// The SMS outbox: the transport of a shop without Twilio credentials. The sender has stored the text
// already, so taking it is all there is to do; like Twilio, the outbox then reports what became of
// it — delivered at once — through `report`, which the composition root wires to the event log. A
// number that is not E.164 is refused the way Twilio refuses it (error 21211), so a merchant sees
// the same problem before connecting Twilio as after.
import type { Clock } from "../../lib/clock";
import { isE164 } from "../../lib/phone";
import type { SmsTransport } from "../transport";
import type { SmsOutboxEvent } from "./events";

export type SmsOutboxReport = (shop: string, event: SmsOutboxEvent) => Promise<void>;

export function createSmsOutboxTransport(options: { clock: Clock; report?: SmsOutboxReport }): SmsTransport {
  return {
    name: "outbox",
    async submit(submission) {
      if (!isE164(submission.to))
        return {
          status: "refused",
          reason: `The 'To' number ${submission.to} is not a valid phone number (Twilio error 21211)`,
          code: 21211,
        };
      try {
        await options.report?.(submission.shop, {
          event: "delivered",
          at: options.clock.now().getTime(),
          messageId: submission.messageId,
          to: submission.to,
        });
      } catch (error) {
        return { status: "retry", reason: `outbox report failed: ${String(error)}`, ambiguous: false };
      }
      return { status: "accepted", providerId: null };
    },
  };
}
