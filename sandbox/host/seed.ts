// The demo stores, planted through the app's own operations (hostApi) on the first start: their
// offline sessions and rows, the demo shop's customers (Aiko's last order some weeks back), every
// campaign on, the local HubSpot portal and Twilio account connected. A second start finds the
// shops and changes nothing.
import type { HostApi } from "../../app/server/composition.server.ts";
import {
  AIKO_LAST_ORDER_DAYS_AGO,
  CLIENT_SHOP,
  DEMO_CUSTOMERS,
  DEMO_PORTAL,
  DEMO_SHOP,
  DEMO_TWILIO,
} from "../catalog.ts";

const DAY = 24 * 3600_000;

type SeedShop = typeof DEMO_SHOP;

const SCOPES =
  "read_customers,write_customers,read_orders,read_checkouts,read_fulfillments,read_discounts,write_discounts";

/** A store with the app installed: its offline session and its row. False if it was there already. */
async function installShop(api: HostApi, shop: SeedShop) {
  if (await api.db.shop.findUnique({ where: { domain: shop.domain } })) return false;
  await api.storeOfflineSession(shop.domain, shop.accessToken, SCOPES);
  await api.recordInstall(api.db, shop.domain);
  await api.db.shop.update({
    where: { domain: shop.domain },
    data: {
      name: shop.name,
      email: shop.email,
      currency: shop.currency,
      timezone: shop.timezone,
      address: shop.address.join(", "),
    },
  });
  return true;
}

export async function seedDemoShops(api: HostApi, log: (message: string) => void, now: Date) {
  await installShop(api, CLIENT_SHOP);
  const domain = DEMO_SHOP.domain;
  const fresh = await installShop(api, DEMO_SHOP);
  // The demo shop texts through its account in the local Twilio (also for data from before SMS).
  if (!(await api.db.smsConnection.findUnique({ where: { shop: domain } }))) {
    const twilio = await api.connectTwilio(api.db, domain, {
      accountSid: DEMO_TWILIO.accountSid,
      authToken: DEMO_TWILIO.authToken,
      sender: DEMO_TWILIO.number,
    });
    if (!twilio.ok)
      log(`sandbox: the local Twilio account did not connect (${JSON.stringify(twilio.errors)})`);
  }
  if (!fresh) return;
  await api.db.$transaction(async (tx) => {
    for (const c of DEMO_CUSTOMERS) {
      await api.upsertCustomer(tx, domain, c.id, {
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
        marketingState: c.marketingState,
        ordersCount: c.numberOfOrders,
        amountSpentCents: api.toMinorUnits(c.amountSpent, DEMO_SHOP.currency),
        tags: c.tags,
        phone: c.phone,
        smsMarketingState: c.smsMarketingState,
      });
      if (c.tags.includes("VIP-Silver"))
        await tx.customer.update({
          where: { shop_shopifyId: { shop: domain, shopifyId: c.id } },
          data: { vipTier: "silver" },
        });
      // Aiko last ordered a while ago: moving the clock a few weeks makes her lapsed (win-back).
      if (c.firstName === "Aiko")
        await api.noteOrder(
          tx,
          domain,
          { id: c.id, email: c.email },
          "4999",
          new Date(now.getTime() - AIKO_LAST_ORDER_DAYS_AGO * DAY),
        );
    }
    for (const kind of api.campaignKinds) await api.saveCampaign(tx, domain, kind, { enabled: true });
  });
  const connected = await api.connectHubSpot(api.db, { shop: domain, token: DEMO_PORTAL.token });
  if (!connected.ok) log(`sandbox: the local HubSpot portal did not connect (${connected.reason})`);
}
