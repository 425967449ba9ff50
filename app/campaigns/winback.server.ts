// Win-back: customers whose last order is older than the shop's threshold. The customer mirror
// keeps each customer's last order (orders reaching Replyloop, the purchasing summary); the stored
// due time (winback-due.server.ts) is that plus the threshold. A periodic scan, bound in the
// composition root, takes the due customers of every shop that runs the campaign — an indexed
// read of the due rows only, so a tick costs O(due customers), not O(all customers) — moves each
// one a threshold on, and offers `customer_lapsed` to the campaigns: the engine decides (consent,
// conditions, at most once per threshold, on the timeline). An order ends the journey (its exit)
// and moves the due time after the new order.
import db, { type Tx } from "../db.server";
import type { EventRow } from "../events/event";
import { recordLastOrder } from "../customers/customers.server";
import { purchasingSummarySchema } from "../shopify/payloads";
import { loadCampaign } from "./config.server";
import { enterCampaigns } from "./entry.server";
import { claimDue, dueAfter, setWinbackDue } from "./winback-due.server";

const DAY_MS = 24 * 3600_000;
/** Customers taken per transaction (claimed and offered together, so none is claimed and lost). */
const BATCH = 50;
/** At most this many batches per shop per tick; the rest are due at the next tick. */
const MAX_BATCHES = 20;

const thresholdOf = async (tx: Tx, shop: string) =>
  (await loadCampaign(tx, shop, "winback")).settings.thresholdDays;

/** An order of the customer reached Replyloop (`at`, the app clock): the last order and the due time move. */
export async function noteOrder(
  tx: Tx,
  shop: string,
  customer: { id: string; email: string | null },
  orderId: string,
  at: Date,
) {
  const customerId = customer.id;
  const last = await recordLastOrder(tx, shop, customerId, { id: orderId, at, email: customer.email });
  await setWinbackDue(tx, shop, customerId, last, await thresholdOf(tx, shop));
}

/** customers/purchasing_summary, after the mirror: its last order may have moved the due time. */
export async function onSummaryForWinback(tx: Tx, event: EventRow) {
  const summary = purchasingSummarySchema.parse(event.payload);
  const customer = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: summary.customerId } },
    select: { lastOrderAt: true, winbackDueAt: true },
  });
  if (!customer?.lastOrderAt) return;
  const threshold = await thresholdOf(tx, event.shop);
  const due = dueAfter(customer.lastOrderAt, threshold);
  // Only forward: a due time the scan already moved on stays.
  if (!customer.winbackDueAt || customer.winbackDueAt < due)
    await setWinbackDue(tx, event.shop, summary.customerId, customer.lastOrderAt, threshold);
}

export type ScanResult = { shops: number; claimed: number; entered: number };

/** One tick of the scan: every installed shop with win-back on, its due customers offered to the campaigns. */
export async function scanWinback(now: Date): Promise<ScanResult> {
  const configs = await db.campaignConfig.findMany({
    where: { kind: "winback", enabled: true },
    select: { shop: true },
  });
  const shops = await db.shop.findMany({
    where: { domain: { in: configs.map((c) => c.shop) }, uninstalledAt: null },
    select: { domain: true },
  });
  const result: ScanResult = { shops: shops.length, claimed: 0, entered: 0 };
  for (const { domain } of shops) {
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const { claimed, entered } = await db.$transaction((tx) => scanBatch(tx, domain, now));
      result.claimed += claimed;
      result.entered += entered;
      if (claimed < BATCH) break;
    }
  }
  return result;
}

async function scanBatch(tx: Tx, shop: string, now: Date) {
  const threshold = await thresholdOf(tx, shop);
  const taken = await claimDue(tx, shop, now, BATCH, dueAfter(now, threshold));
  return { claimed: taken.length, entered: await offerLapsed(tx, shop, taken, now) };
}

type Lapsed = {
  customer: {
    shopifyId: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    lastOrderAt: Date | null;
    ordersCount: number;
  };
  dueAt: Date;
};

/** Offers each claimed customer to the campaigns that start on `customer_lapsed`; returns how many entered. */
export async function offerLapsed(tx: Tx, shop: string, taken: readonly Lapsed[], now: Date) {
  let entered = 0;
  for (const { customer, dueAt } of taken) {
    if (!customer.email || !customer.lastOrderAt) continue;
    const results = await enterCampaigns(
      tx,
      shop,
      {
        type: "customer_lapsed",
        person: {
          customerId: customer.shopifyId,
          email: customer.email,
          firstName: customer.firstName,
          lastName: customer.lastName,
          acceptsMarketing: false,
        },
        lastOrderAt: customer.lastOrderAt,
        dueAt,
        daysSinceLastOrder: Math.floor((now.getTime() - customer.lastOrderAt.getTime()) / DAY_MS),
        ordersCount: customer.ordersCount,
      },
      now,
    );
    entered += results.filter((r) => r.entered).length;
  }
  return entered;
}
