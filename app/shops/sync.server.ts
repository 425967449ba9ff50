// Keeps a shop's name, email, currency, time zone and address current (emails show them; quiet
// hours use the time zone). Runs after install.
import { z } from "zod";
import db from "../db.server";
import { DEFAULT_MAX_ATTEMPTS, type JobDefinition } from "../jobs/queue";
import { shopifyAdmin } from "../shopify/admin.server";

export const syncShopJob: JobDefinition<{ shop: string }> = {
  queue: "shops.sync",
  payload: z.object({ shop: z.string() }),
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  async run({ shop }) {
    const details = await shopifyAdmin.shopDetails(shop);
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
  },
};
