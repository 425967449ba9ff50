// A shop's campaigns as stored: on/off and settings, and the definition the engine runs.
import type { Tx } from "../db.server";
import { readShopSettings, type ShopSettings } from "../shops/settings";
import { buildDefinition, type CampaignDefinition } from "./definition";
import { CAMPAIGN_KINDS, isCampaignKind, type CampaignKind } from "./kinds";
import { defaultSettings, readSettings, SETTINGS_SCHEMAS, type CampaignSettings } from "./settings";
import { recomputeWinbackDue } from "./winback-due.server";

export type ShopCampaign<K extends CampaignKind = CampaignKind> = {
  kind: K;
  enabled: boolean;
  version: number;
  settings: CampaignSettings[K];
  definition: CampaignDefinition;
};

/** A CampaignConfig row's columns that matter here (null: never saved, the defaults apply). */
export type ConfigRow = { enabled: boolean; version: number; settings: unknown } | null;

export async function loadCampaign<K extends CampaignKind>(
  tx: Tx,
  shop: string,
  kind: K,
  shopSettings?: ShopSettings,
): Promise<ShopCampaign<K>> {
  const row = await tx.campaignConfig.findUnique({ where: { shop_kind: { shop, kind } } });
  const shopWide =
    shopSettings ?? readShopSettings((await tx.shop.findUnique({ where: { domain: shop } }))?.settings);
  return campaignFrom(kind, row, shopWide);
}

/** Every campaign of the shop, in the order merchants see them (one query). */
export async function loadCampaigns(
  tx: Tx,
  shop: string,
  shopSettings: ShopSettings,
): Promise<ShopCampaign[]> {
  const rows = await tx.campaignConfig.findMany({ where: { shop } });
  return CAMPAIGN_KINDS.map((kind) =>
    campaignFrom(kind, rows.find((r) => r.kind === kind) ?? null, shopSettings),
  );
}

/** A campaign from its stored row, however it was read (Prisma, or plain SQL on the send path). */
export function campaignFrom<K extends CampaignKind>(
  kind: K,
  row: ConfigRow,
  shopWide: ShopSettings,
): ShopCampaign<K> {
  const settings = readSettings(kind, row?.settings);
  return {
    kind,
    enabled: row?.enabled ?? false,
    version: row?.version ?? 0,
    settings,
    definition: buildDefinition(kind, settings, {
      surveysCapped: !shopWide.frequencyCap.surveysExempt,
      abandonedCartSoftOptIn: shopWide.consent.abandonedCartSoftOptIn,
    }),
  };
}

/** A shop's campaigns by (stored) campaign name, each loaded once per call; null for an unknown name. */
export function campaignsOf(tx: Tx, shop: string, shopSettings?: ShopSettings) {
  const cache = new Map<string, Promise<ShopCampaign | null>>();
  return (campaign: string): Promise<ShopCampaign | null> => {
    let found = cache.get(campaign);
    if (!found) {
      found = isCampaignKind(campaign)
        ? loadCampaign(tx, shop, campaign, shopSettings)
        : Promise.resolve(null);
      cache.set(campaign, found);
    }
    return found;
  };
}

/** Saves a campaign's on/off and settings for one shop (validated; other shops untouched). */
export async function saveCampaign<K extends CampaignKind>(
  tx: Tx,
  shop: string,
  kind: K,
  change: { enabled?: boolean; settings?: unknown },
) {
  const settings = change.settings === undefined ? undefined : SETTINGS_SCHEMAS[kind].parse(change.settings);
  const current = await tx.campaignConfig.findUnique({ where: { shop_kind: { shop, kind } } });
  if (kind === "winback" && settings !== undefined) {
    // Every customer's win-back due time follows a new threshold (one statement).
    const before = readSettings("winback", current?.settings).thresholdDays;
    const after = (settings as CampaignSettings["winback"]).thresholdDays;
    if (after !== before) await recomputeWinbackDue(tx, shop, after);
  }
  if (!current) {
    return tx.campaignConfig.create({
      data: { shop, kind, enabled: change.enabled ?? false, settings: settings ?? defaultSettings(kind) },
    });
  }
  return tx.campaignConfig.update({
    where: { id: current.id },
    data: {
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
      ...(settings !== undefined ? { settings, version: { increment: 1 } } : {}),
    },
  });
}
