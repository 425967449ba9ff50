// Install lifecycle beyond the session: what uninstalling means for a shop's data and sends.
import type { Tx } from "../db.server";

/**
 * app/uninstalled, in the request: the shop's sessions (its access tokens are revoked anyway) are
 * deleted and the shop is marked uninstalled. Idempotent; a second delivery changes nothing.
 */
export async function markUninstalled(tx: Tx, shop: string, now: Date) {
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: now } });
}

/** app/uninstalled, in its job: nothing more is sent for this shop. */
export async function cancelAllPendingSends(tx: Tx, shop: string, reason: string) {
  const { count } = await tx.scheduledSend.updateMany({
    where: { shop, state: "scheduled" },
    data: { state: "cancelled", reason },
  });
  return count;
}
