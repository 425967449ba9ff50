// VIP tiers set outside Replyloop's own rules: a sales rep changing replyloop_vip_tier in HubSpot.
import type { VipTier } from "../crm/properties";
import type { Tx } from "../db.server";
import { normalizeEmail } from "../intake/shopify-ids";
import { recordDecision } from "./decisions.server";

export type TierFromCrm = { shop: string; email: string; tier: VipTier; at: Date };

/**
 * A rep set the tier in HubSpot: the customer's tier becomes that tier, and Shopify is brought in
 * line (VIP-… tag) by a job. A value equal to the current tier changes nothing — which is also what
 * makes the echo of our own writes harmless. Returns whether anything changed.
 */
export async function applyTierFromCrm(tx: Tx, input: TierFromCrm): Promise<{ changed: boolean }> {
  const email = normalizeEmail(input.email);
  if (!email) return { changed: false };
  const customer = await tx.customer.findFirst({ where: { shop: input.shop, email }, orderBy: { updatedAt: "desc" } });
  if (!customer || customer.vipTier === input.tier) return { changed: false };
  await tx.customer.update({ where: { id: customer.id }, data: { vipTier: input.tier, vipTierAt: input.at } });
  await recordDecision(tx, {
    shop: input.shop,
    campaign: "vip",
    kind: "tier_changed",
    customerId: customer.shopifyId,
    email,
    reason: `set to ${input.tier} in HubSpot`,
    detail: { from: customer.vipTier, to: input.tier, source: "crm" },
    at: input.at,
  });
  // The Shopify tag sync for this change is enqueued by the VIP rules (campaigns issue).
  return { changed: true };
}
