import type { Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import { defaultShopSettings } from "./settings";
import { syncShopJob } from "./sync.server";

/**
 * Token exchange stored an offline session: the shop is installed. A new shop gets its row; a shop
 * that had uninstalled is installed again (token refreshes of an installed shop change nothing).
 */
export async function recordInstall(db: Tx, domain: string, now = new Date()) {
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

/** Makes sure a shop row exists (webhooks can arrive before the first admin visit). */
export async function ensureShop(db: Tx, domain: string) {
  await db.shop.upsert({ where: { domain }, create: { domain, settings: defaultShopSettings }, update: {} });
}
