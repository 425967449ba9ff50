// VIP tiers set outside Replyloop's own rules: a sales rep changing replyloop_vip_tier in HubSpot.
import type { VipTier } from "../crm/properties";
import type { Tx } from "../db.server";
import { applyTier, customerByEmail } from "./vip.server";

export type TierFromCrm = { shop: string; email: string; tier: VipTier; at: Date };

/**
 * A rep set the tier in HubSpot: the customer's tier becomes that tier, the Shopify VIP tag follows
 * (a job), and an upgrade sends the VIP email. A value equal to the current tier changes nothing —
 * which is also what makes the echo of our own writes harmless. Returns whether anything changed.
 */
export async function applyTierFromCrm(tx: Tx, input: TierFromCrm): Promise<{ changed: boolean }> {
  const customer = await customerByEmail(tx, input.shop, input.email);
  if (!customer) return { changed: false };
  return applyTier(tx, {
    shop: input.shop,
    shopifyId: customer.shopifyId,
    tier: input.tier,
    source: "crm",
    now: input.at,
  });
}
