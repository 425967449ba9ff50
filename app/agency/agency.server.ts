// Agency tools: a shop's configuration exported as a file, and a file (or a preset) imported into a
// shop — first as a plan (every change it would make, or every problem that stops it), then applied
// in one transaction. A file with any problem (unknown version, a Liquid error in a text, a value
// out of range) changes nothing.
import type { Db } from "../db.server";
import { loadCampaign, saveCampaign } from "../campaigns/config.server";
import { readShop } from "../shops/shops.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS, type CampaignKind } from "../campaigns/kinds";
import type { CampaignSettings } from "../campaigns/settings";
import { checkCampaignSettings } from "../campaigns/validate.server";
import { questionsChanged } from "../crm/hubspot/provisioning-job.server";
import { questionPropertyName } from "../crm/properties";
import { allQuestions } from "../crm/shop-questions.server";
import { zodFieldErrors } from "../lib/form-errors";
import { shopSettingsSchema, type ShopSettings } from "../shops/settings";
import { CONFIG_FORMAT, CONFIG_VERSION, type ConfigFile } from "./config-file";
import { diffConfigs, labelOf, type Change } from "./diff";

export type ShopConfig = {
  campaigns: { [K in CampaignKind]: { enabled: boolean; settings: CampaignSettings[K] } };
  shopSettings: ShopSettings;
};

export async function currentConfig(db: Db, shop: string): Promise<ShopConfig> {
  const facts = await readShop(db, shop);
  const [abandoned_cart, post_purchase, vip, welcome, winback] = await Promise.all([
    loadCampaign(db, shop, "abandoned_cart", facts.settings),
    loadCampaign(db, shop, "post_purchase", facts.settings),
    loadCampaign(db, shop, "vip", facts.settings),
    loadCampaign(db, shop, "welcome", facts.settings),
    loadCampaign(db, shop, "winback", facts.settings),
  ]);
  return {
    campaigns: {
      abandoned_cart: { enabled: abandoned_cart.enabled, settings: abandoned_cart.settings },
      post_purchase: { enabled: post_purchase.enabled, settings: post_purchase.settings },
      vip: { enabled: vip.enabled, settings: vip.settings },
      welcome: { enabled: welcome.enabled, settings: welcome.settings },
      winback: { enabled: winback.enabled, settings: winback.settings },
    },
    shopSettings: facts.settings,
  };
}

export async function exportConfig(db: Db, shop: string, now: Date): Promise<ConfigFile> {
  const [config, facts] = await Promise.all([currentConfig(db, shop), readShop(db, shop)]);
  const propertyMappings = CAMPAIGN_KINDS.flatMap((campaign) =>
    allQuestions(config.campaigns[campaign].settings.questions).map((q) => ({
      campaign,
      question: q.key,
      property: questionPropertyName(q.key),
    })),
  );
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    source: facts.name,
    exportedAt: now.toISOString(),
    campaigns: config.campaigns,
    shopSettings: config.shopSettings,
    propertyMappings,
  };
}

export type ImportPlan =
  | { ok: true; next: ShopConfig; changes: Change[]; campaigns: CampaignKind[] }
  | { ok: false; problems: string[] };

const defined = (part: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined));

/** What importing `file` into `shop` would change, or why it cannot be imported. Reads only. */
export async function planImport(db: Db, shop: string, file: ConfigFile): Promise<ImportPlan> {
  const current = await currentConfig(db, shop);
  const problems: string[] = [];
  const next: ShopConfig = structuredClone(current);
  const touched: CampaignKind[] = [];

  for (const kind of CAMPAIGN_KINDS) {
    const entry = file.campaigns[kind];
    if (!entry) continue;
    const checked = checkCampaignSettings(kind, entry.settings);
    if (!checked.ok) {
      for (const [path, message] of Object.entries(checked.errors))
        problems.push(
          `${labelOf(`campaigns.${kind}.settings.${path}`) || CAMPAIGN_LABELS[kind]}: ${message}`,
        );
      continue;
    }
    touched.push(kind);
    // One assignment per kind keeps each campaign's settings with its own type.
    if (kind === "abandoned_cart")
      next.campaigns.abandoned_cart = {
        enabled: entry.enabled,
        settings: checked.settings as CampaignSettings["abandoned_cart"],
      };
    if (kind === "post_purchase")
      next.campaigns.post_purchase = {
        enabled: entry.enabled,
        settings: checked.settings as CampaignSettings["post_purchase"],
      };
    if (kind === "vip")
      next.campaigns.vip = { enabled: entry.enabled, settings: checked.settings as CampaignSettings["vip"] };
    if (kind === "welcome")
      next.campaigns.welcome = {
        enabled: entry.enabled,
        settings: checked.settings as CampaignSettings["welcome"],
      };
    if (kind === "winback")
      next.campaigns.winback = {
        enabled: entry.enabled,
        settings: checked.settings as CampaignSettings["winback"],
      };
  }

  if (file.shopSettings) {
    const merged = shopSettingsSchema.safeParse({ ...current.shopSettings, ...defined(file.shopSettings) });
    if (merged.success) next.shopSettings = merged.data;
    else
      for (const [path, message] of Object.entries(zodFieldErrors(merged.error)))
        problems.push(`${labelOf(`shopSettings.${path}`)}: ${message}`);
  }
  if (!touched.length && !file.shopSettings && !problems.length)
    problems.push("The file has no campaigns and no settings to import.");
  if (problems.length) return { ok: false, problems };
  return { ok: true, next, changes: diffConfigs(current, next), campaigns: touched };
}

export type ApplyResult = { ok: true; changes: number } | { ok: false; problems: string[] };

/** Applies `file` to `shop` in one transaction, after checking it again; nothing changes when it has a problem. */
export async function applyImport(db: Db, shop: string, file: ConfigFile): Promise<ApplyResult> {
  const plan = await planImport(db, shop, file);
  if (!plan.ok) return plan;
  const current = await currentConfig(db, shop);
  await db.$transaction(async (tx) => {
    for (const kind of plan.campaigns) {
      const before = current.campaigns[kind];
      const after = plan.next.campaigns[kind];
      const settingsChanged = JSON.stringify(before.settings) !== JSON.stringify(after.settings);
      if (settingsChanged || before.enabled !== after.enabled) {
        await saveCampaign(tx, shop, kind, {
          enabled: after.enabled,
          ...(settingsChanged ? { settings: after.settings } : {}),
        });
      }
    }
    if (JSON.stringify(current.shopSettings) !== JSON.stringify(plan.next.shopSettings)) {
      await tx.shop.update({ where: { domain: shop }, data: { settings: plan.next.shopSettings } });
    }
    // New questions and choices need their HubSpot properties and options.
    await questionsChanged(tx, shop);
  });
  return { ok: true, changes: plan.changes.length };
}
