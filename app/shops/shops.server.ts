import type { Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { syncShopJob } from "./jobs";
import { defaultShopSettings } from "./settings";

/**
 * Token exchange stored an offline session: the shop is installed. A new shop gets its row; a shop
 * that had uninstalled is installed again (token refreshes of an installed shop change nothing).
 */
export async function recordInstall(db: Tx, domain: string, now = appClock.now()) {
  const shop = await db.shop.findUnique({ where: { domain }, select: { uninstalledAt: true } });
  if (!shop) {
    await db.shop.create({ data: { domain, settings: defaultShopSettings, installedAt: now } });
  } else if (shop.uninstalledAt) {
    await db.shop.update({ where: { domain }, data: { uninstalledAt: null, installedAt: now } });
  } else {
    return;
  }
  // Name, currency and time zone come from the Admin API, in a job.
  await enqueue(
    db,
    syncShopJob,
    { shop: domain },
    { idempotencyKey: `shop-sync:${domain}:${now.getTime()}` },
  );
}
