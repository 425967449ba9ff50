// Saving a shop's cross-campaign settings and time zone (the Settings page).
import type { Db } from "../db.server";
import type { ShopSettings } from "./settings";

export async function saveShopSettings(db: Db, shop: string, settings: ShopSettings, timezone: string) {
  await db.shop.update({ where: { domain: shop }, data: { settings, timezone } });
}
