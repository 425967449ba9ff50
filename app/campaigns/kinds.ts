/** The campaigns Replyloop runs. Order is the order merchants see them in. */
export const CAMPAIGN_KINDS = ["abandoned_cart", "post_purchase", "vip", "welcome", "winback"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_LABELS: Record<CampaignKind, string> = {
  abandoned_cart: "Abandoned cart",
  post_purchase: "Post-purchase survey",
  vip: "VIP",
  welcome: "Welcome",
  winback: "Win-back",
};

export function isCampaignKind(value: string): value is CampaignKind {
  return (CAMPAIGN_KINDS as readonly string[]).includes(value);
}
