import type { Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { syncShopJob } from "./jobs";
import { defaultShopSettings, readShopSettings } from "./settings";

/**
 * A shop as every part of Replyloop reads it (campaigns, emails, answer pages, admin pages): its
 * Shopify details, install state and settings, with defaults for a shop not synced yet.
 */
export async function readShop(tx: Tx, shop: string) {
  return shopFacts(shop, await tx.shop.findUnique({ where: { domain: shop } }));
}
export type ShopFacts = ReturnType<typeof shopFacts>;

/** The columns of a Shop row that `shopFacts` reads (null: the shop has no row yet). */
export type ShopRow = {
  name: string;
  email: string | null;
  address: string | null;
  currency: string;
  timezone: string;
  settings: unknown;
  uninstalledAt: Date | null;
} | null;

/** A shop's facts from its row, however it was read (Prisma, or plain SQL on the send path). */
export function shopFacts(shop: string, row: ShopRow) {
  return {
    domain: shop,
    installed: !!row && row.uninstalledAt === null,
    /** The name in Shopify, or the domain until the shop is synced. */
    name: row?.name || shop,
    email: row?.email ?? null,
    address: row?.address ?? null,
    currency: row?.currency ?? "USD",
    timezone: row?.timezone ?? "UTC",
    settings: readShopSettings(row?.settings),
  };
}

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
