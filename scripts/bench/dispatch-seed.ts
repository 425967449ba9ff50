// The due sends of `npm run bench:dispatch`, made the way the product makes them (run with
// vite-node so it imports the app): BENCH_SHOPS installed shops with the post-purchase survey on,
// and for every due row (every BENCH_STRIDE-th of BENCH_ROWS, customer c<i>@example.com of shop
// i % BENCH_SHOPS, subscribed to email marketing in the customer mirror) a survey requested on demand — Shopify Flow's action, `enterOnRequest` — a
// minute before BENCH_NOW: each enters a journey whose first email is due then. The other rows are
// seeded as plain rows by the bench itself (they are never due). Prints one JSON line: entered.
import { saveCampaign } from "../../app/campaigns/config.server";
import { enterOnRequest } from "../../app/campaigns/entry.server";
import db from "../../app/db.server";
import { defaultShopSettings } from "../../app/shops/settings";

const now = new Date(new Date(process.env.BENCH_NOW ?? "").getTime() - 60_000);
if (Number.isNaN(now.getTime())) throw new Error("BENCH_NOW is not a date");
const rows = Number(process.env.BENCH_ROWS);
const shops = Number(process.env.BENCH_SHOPS);
const stride = Number(process.env.BENCH_STRIDE);
const shopOf = (i: number) => `shop-${i % shops}.myshopify.com`;

for (let s = 0; s < shops; s++) {
  const domain = shopOf(s);
  await db.shop.create({
    data: {
      domain,
      name: `Bench Store ${s}`,
      email: `hello@shop-${s}.example`,
      settings: defaultShopSettings,
    },
  });
  await db.$transaction((tx) => saveCampaign(tx, domain, "post_purchase", { enabled: true }));
}

let entered = 0;
const due = Array.from({ length: rows / stride }, (_, k) => k * stride);
// The customers, as the mirror knows them: subscribed to email marketing (the survey asks consent).
for (let start = 0; start < due.length; start += 1_000)
  await db.customer.createMany({
    data: due.slice(start, start + 1_000).map((i) => ({
      shop: shopOf(i),
      shopifyId: String(9_000_000 + i),
      email: `c${i}@example.com`,
      firstName: "Alex",
      marketingState: "SUBSCRIBED",
      consentUpdatedAt: now,
      ordersCount: 1,
      tags: [],
    })),
  });
for (let start = 0; start < due.length; start += 100) {
  await db.$transaction(async (tx) => {
    for (const i of due.slice(start, start + 100)) {
      const result = await enterOnRequest(
        tx,
        shopOf(i),
        "post_purchase",
        {
          type: "survey_requested",
          requestedBy: "the bench",
          person: {
            customerId: String(9_000_000 + i),
            email: `c${i}@example.com`,
            firstName: "Alex",
            lastName: null,
            acceptsMarketing: false,
          },
          order: {
            id: String(5_000_000 + i),
            name: `#${1000 + i}`,
            checkoutToken: null,
            lineItems: [],
            totalCents: 12_000,
            currency: "USD",
          },
        },
        now,
      );
      if (!result.entered) throw new Error(`row ${i} did not enter: ${JSON.stringify(result)}`);
      entered++;
    }
  });
}
await db.$disconnect();
console.log(JSON.stringify({ entered }));
