// Keeps a shop's name, email, currency, time zone and address current (emails show them; quiet
// hours use the time zone). Runs after install, as syncShopJob (./jobs.ts).
import db from "../db.server";
import type { ShopifyAdmin } from "../shopify/admin.server";

/** The code of syncShopJob. */
export async function syncShop({ shop }: { shop: string }, admin: ShopifyAdmin) {
  const details = await admin.shopDetails(shop);
  await db.shop.updateMany({
    where: { domain: shop },
    data: {
      name: details.name,
      email: details.email,
      currency: details.currencyCode,
      timezone: details.ianaTimezone,
      address: details.address,
    },
  });
}
