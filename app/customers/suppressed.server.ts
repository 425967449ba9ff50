// Whether an address is suppressed: the read side of ./suppression.server.ts, in a module of its
// own so that journeys can ask without importing suppress() (which ends journeys): no import cycle.
import type { Tx } from "../db.server";
import { normalizeEmail } from "../lib/email-address";

export type SuppressionReason = "unsubscribed" | "bounced" | "spam_report" | "dropped" | "manual";

export async function isSuppressed(tx: Tx, shop: string, email: string) {
  const address = normalizeEmail(email);
  if (!address) return false;
  return (
    (await tx.suppression.findUnique({
      where: { shop_email: { shop, email: address } },
      select: { id: true },
    })) !== null
  );
}
