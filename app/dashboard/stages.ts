// The dashboard's funnel stages, in order (shared by the figures and the page). Pure.
export const FUNNEL_STAGES = [
  "entered",
  "sent",
  "delivered",
  "opened",
  "clicked",
  "answered",
  "converted",
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export type CampaignFigures = Record<FunnelStage, number> & {
  /** Recovered revenue in the shop's currency, minor units. */
  revenueCents: number;
};
