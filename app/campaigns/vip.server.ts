// VIP tiers: evaluated from the purchasing summary (webhook, or read from the Admin API after an
// order is paid), set by a sales rep in HubSpot, or by the merchant tagging a customer in Shopify.
// Any source lands in applyTier; a value equal to the current tier changes nothing, which is what
// keeps Shopify tags and the HubSpot property in sync without loops.
import type { z } from "zod";
import { customerTags, findCustomer, upsertCustomer } from "../customers/customers.server";
import type { VipTier } from "../crm/properties";
import { recordCrmChange } from "../crm/writes.server";
import db, { type Tx } from "../db.server";
import type { EventHandler } from "../events/event";
import { normalizeEmail } from "../lib/email-address";
import { customerGid } from "../shopify/ids";
import { customerTagsSchema, orderSchema, purchasingSummarySchema } from "../shopify/payloads";
import { enqueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { fromMinorUnits, toMinorUnits } from "../lib/money";
import type { ShopifyAdmin } from "../shopify/admin.server";
import { loadCampaign } from "./config.server";
import { readShop } from "../shops/shops.server";
import { recordDecision } from "./decisions.server";
import { enterCampaigns } from "./entry.server";
import { refreshSummaryJob, syncTagsJob } from "./jobs";
import { TIER_ORDER, qualifyingTier, tierFromTags, tierTag } from "./rules";

export type TierSource = "rules" | "crm" | "shopify_tags";

const SOURCE_LABEL: Record<TierSource, string> = {
  rules: "reached by purchases",
  crm: "set in HubSpot",
  shopify_tags: "tagged in Shopify",
};

/**
 * Sets a customer's tier and brings the other side in line: Shopify tags (unless the change came
 * from the tags), HubSpot (unless it came from HubSpot), and on an upgrade the VIP email.
 */
export async function applyTier(
  tx: Tx,
  input: { shop: string; shopifyId: string; tier: VipTier; source: TierSource; now: Date },
): Promise<{ changed: boolean }> {
  const customer = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: input.shop, shopifyId: input.shopifyId } },
  });
  if (!customer || customer.vipTier === input.tier) return { changed: false };
  const from = customer.vipTier as VipTier;
  await tx.customer.update({
    where: { id: customer.id },
    data: { vipTier: input.tier, vipTierAt: input.now },
  });
  const who = {
    shop: input.shop,
    campaign: "vip",
    customerId: customer.shopifyId,
    email: customer.email,
    at: input.now,
  };
  await recordDecision(tx, {
    ...who,
    kind: "tier_changed",
    reason: `${from} → ${input.tier} (${SOURCE_LABEL[input.source]})`,
    detail: { from, to: input.tier, source: input.source },
  });
  if (input.source !== "shopify_tags") {
    await enqueue(tx, syncTagsJob, { shop: input.shop, shopifyId: customer.shopifyId, tier: input.tier });
  }
  if (input.source !== "crm" && customer.email) {
    await recordCrmChange(tx, {
      shop: input.shop,
      email: customer.email,
      properties: { replyloop_vip_tier: input.tier },
      at: input.now,
    });
  }
  if (input.tier !== "none" && TIER_ORDER[input.tier] > TIER_ORDER[from] && customer.email) {
    // The customer moved up a tier: campaigns starting on `tier_upgraded` (the VIP email) hear it.
    await enterCampaigns(
      tx,
      input.shop,
      {
        type: "tier_upgraded",
        person: {
          customerId: customer.shopifyId,
          email: customer.email,
          firstName: customer.firstName,
          lastName: customer.lastName,
          acceptsMarketing: false,
        },
        tier: input.tier,
        ordersCount: customer.ordersCount,
      },
      input.now,
    );
  }
  return { changed: true };
}

/** Re-evaluates a customer's tier from the mirrored purchasing summary (only upgrades come from rules). */
async function evaluateTier(tx: Tx, shop: string, shopifyId: string, now: Date) {
  const customer = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId } } });
  if (!customer) return;
  const { currency } = await readShop(tx, shop);
  const { settings } = await loadCampaign(tx, shop, "vip");
  const qualifies = qualifyingTier(
    { ordersCount: customer.ordersCount, spent: fromMinorUnits(customer.amountSpentCents, currency) },
    settings.tiers,
  );
  if (TIER_ORDER[qualifies] > TIER_ORDER[customer.vipTier as VipTier]) {
    await applyTier(tx, { shop, shopifyId, tier: qualifies, source: "rules", now });
  }
}

/** customers/purchasing_summary (the intake mirror already stored the figures). */
export const onPurchasingSummary: EventHandler = async (tx, event) => {
  const summary = purchasingSummarySchema.parse(event.payload);
  const customer = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: summary.customerId } },
  });
  // No email known yet: read the customer (and the summary again) from the Admin API first.
  if (!customer?.email) {
    await enqueue(tx, refreshSummaryJob, { shop: event.shop, shopifyId: summary.customerId });
    return;
  }
  await evaluateTier(tx, event.shop, summary.customerId, appClock.now());
};

/** orders/paid carries no totals for the customer: read them from the Admin API in a job. */
export const onOrderPaidForVip: EventHandler = async (tx, event) => {
  const order = orderSchema.parse(event.payload);
  if (!order.customer?.id) return;
  await enqueue(tx, refreshSummaryJob, { shop: event.shop, shopifyId: order.customer.id });
};

/** customer.tags_added|removed: a VIP tag the merchant set is the customer's tier. No VIP tag means no opinion. */
export const onTagsChanged: EventHandler = async (tx, event) => {
  const change = customerTagsSchema.parse(event.payload);
  const customer = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop: event.shop, shopifyId: change.customerId } },
  });
  if (!customer) return;
  const { settings } = await loadCampaign(tx, event.shop, "vip");
  const tier = tierFromTags(customerTags(customer.tags), settings.tagPrefix);
  if (tier)
    await applyTier(tx, {
      shop: event.shop,
      shopifyId: change.customerId,
      tier,
      source: "shopify_tags",
      now: appClock.now(),
    });
};

/** The code of refreshSummaryJob: reads the customer from the Admin API, then evaluates the tier. */
export async function refreshSummary(
  { shop, shopifyId }: z.output<typeof refreshSummaryJob.payload>,
  admin: ShopifyAdmin,
) {
  const summary = await admin.customerSummary(shop, customerGid(shopifyId));
  if (!summary) return;
  await db.$transaction(async (tx) => {
    await upsertCustomer(tx, shop, shopifyId, {
      ...(summary.email ? { email: summary.email } : {}),
      ...(summary.marketingState ? { marketingState: summary.marketingState } : {}),
      ordersCount: summary.numberOfOrders,
      amountSpentCents: toMinorUnits(summary.amountSpent.amount, summary.amountSpent.currencyCode),
      tags: summary.tags,
    });
    await evaluateTier(tx, shop, shopifyId, appClock.now());
  });
}

/** The code of syncTagsJob: add the tier's tag in Shopify, remove other tiers' tags. */
export async function syncTags(
  { shop, shopifyId, tier }: z.output<typeof syncTagsJob.payload>,
  admin: ShopifyAdmin,
) {
  const customer = await db.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId } } });
  // A later change superseded this one; its own job will run.
  if (!customer || customer.vipTier !== tier) return;
  const { settings } = await loadCampaign(db, shop, "vip");
  const current = customerTags(customer.tags);
  const wanted = tier === "none" ? null : tierTag(settings.tagPrefix, tier);
  const stale = (["silver", "gold"] as const)
    .map((t) => tierTag(settings.tagPrefix, t))
    .filter((t) => t !== wanted && current.some((c) => c.toLowerCase() === t.toLowerCase()));
  const gid = customerGid(shopifyId);
  if (wanted) await admin.addTags(shop, gid, [wanted]);
  if (stale.length) await admin.removeTags(shop, gid, stale);
  const next = [
    ...current.filter((t) => !stale.some((s) => s.toLowerCase() === t.toLowerCase())),
    ...(wanted && !current.includes(wanted) ? [wanted] : []),
  ];
  await db.$transaction(async (tx) => {
    await upsertCustomer(tx, shop, shopifyId, { tags: next });
    await recordDecision(tx, {
      shop,
      campaign: "vip",
      customerId: shopifyId,
      email: customer.email,
      kind: "tagged",
      reason:
        [wanted && `added ${wanted}`, stale.length && `removed ${stale.join(", ")}`]
          .filter(Boolean)
          .join(", ") || "tags already right",
      at: appClock.now(),
    });
  });
}

/** Looks a customer up by email (CRM webhooks name people by email). */
export async function customerByEmail(tx: Tx, shop: string, email: string) {
  const address = normalizeEmail(email);
  return address ? findCustomer(tx, shop, { email: address }) : null;
}
