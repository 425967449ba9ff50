// A shop's campaigns as stored: on/off and settings, and the definition the engine runs.
import type { Tx } from "../db.server";
import type { ShopSettings } from "../shops/settings";
import { readShop } from "../shops/shops.server";
import { buildDefinition, type CampaignDefinition } from "./definition";
import type { CampaignKind } from "./kinds";
import { defaultSettings, readSettings, SETTINGS_SCHEMAS, type CampaignSettings } from "./settings";

export type ShopCampaign<K extends CampaignKind = CampaignKind> = {
  kind: K;
  enabled: boolean;
  version: number;
  settings: CampaignSettings[K];
  definition: CampaignDefinition;
};

export async function loadCampaign<K extends CampaignKind>(
  tx: Tx,
  shop: string,
  kind: K,
  shopSettings?: ShopSettings,
): Promise<ShopCampaign<K>> {
  const row = await tx.campaignConfig.findUnique({ where: { shop_kind: { shop, kind } } });
  const settings = readSettings(kind, row?.settings);
  const surveysCapped = !(shopSettings ?? (await readShop(tx, shop)).settings).frequencyCap.surveysExempt;
  return {
    kind,
    enabled: row?.enabled ?? false,
    version: row?.version ?? 0,
    settings,
    definition: buildDefinition(kind, settings, { surveysCapped }),
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
