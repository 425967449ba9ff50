// Install lifecycle beyond the session: what uninstalling means for a shop's data and sends.
import type { Tx } from "../db.server";

/**
 * app/uninstalled, in the request: the shop's sessions (its access tokens are revoked anyway) are
 * deleted and the shop is marked uninstalled. Idempotent; a second delivery changes nothing. Its
 * journeys and sends end in the event's job (campaigns/store-events.server.ts `onShopUninstalled`).
 */
export async function markUninstalled(tx: Tx, shop: string, now: Date) {
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: now } });
}
