// What the merchant's campaign pages do: list the shop's campaigns, switch one on or off, save the
// settings after they pass every check. Always one shop's rows, inside a transaction.
import type { Db } from "../db.server";
import { questionsChanged } from "../crm/hubspot/provisioning-job.server";
import type { FieldErrors } from "../lib/form-errors";
import { loadCampaign, saveCampaign } from "./config.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS, type CampaignKind } from "./kinds";
import { checkCampaignSettings } from "./validate.server";

export const CAMPAIGN_DESCRIPTIONS: Record<CampaignKind, string> = {
  abandoned_cart:
    "Reminds shoppers who left a checkout, asks what stopped them, then offers a personal discount.",
  post_purchase: "Asks every customer for an NPS score after their order arrives, with a follow-up question.",
  vip: "Tags customers who reach a spending tier in Shopify and lets them pick a perk.",
  welcome:
    "Welcomes new email subscribers, asks what they're shopping for, then follows up with that in mind.",
  winback: "Asks customers who haven't ordered in a while why not, optionally with a personal discount.",
};

export async function campaignList(db: Db, shop: string) {
  return Promise.all(
    CAMPAIGN_KINDS.map(async (kind) => {
      const campaign = await loadCampaign(db, shop, kind);
      const emails = campaign.definition.steps.filter((s) => s.kind === "send").length;
      return {
        kind,
        label: CAMPAIGN_LABELS[kind],
        description: CAMPAIGN_DESCRIPTIONS[kind],
        enabled: campaign.enabled,
        emails,
      };
    }),
  );
}

export async function setCampaignEnabled(db: Db, shop: string, kind: CampaignKind, enabled: boolean) {
  await db.$transaction((tx) => saveCampaign(tx, shop, kind, { enabled }));
}

export type SaveResult = { ok: true; version: number } | { ok: false; errors: FieldErrors };

/** Saves the settings if they pass the schema, the question-key and the Liquid checks; else nothing changes. */
export async function saveCampaignSettings(
  db: Db,
  shop: string,
  kind: CampaignKind,
  raw: unknown,
): Promise<SaveResult> {
  const checked = checkCampaignSettings(kind, raw);
  if (!checked.ok) return checked;
  const row = await db.$transaction(async (tx) => {
    const saved = await saveCampaign(tx, shop, kind, { settings: checked.settings });
    // Choices and questions the merchant adds become HubSpot options and properties (a job).
    await questionsChanged(tx, shop);
    return saved;
  });
  return { ok: true, version: row.version };
}
