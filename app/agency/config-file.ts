// The configuration file agencies move between client stores: a shop's campaigns (on/off and all
// their settings — delays, texts, questions, discount, tiers), its cross-campaign settings and, for
// reference, the HubSpot property each question writes to. No secrets, no customer data.
//
// Versioned: `version` says how to read the rest. A file of another version, or not a Replyloop
// file at all, is refused with a message saying so — never guessed at. Campaign settings are
// checked by the campaign rules (app/campaigns/validate.server.ts), Liquid included, on import.
import { z } from "zod";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaigns/kinds";
import { isJsonObject } from "../lib/json";
import { pathKey } from "../lib/form-errors";

export const CONFIG_FORMAT = "replyloop-configuration";
export const CONFIG_VERSION = 1;
export const MAX_CONFIG_BYTES = 1_000_000;

const campaignEntrySchema = z.strictObject({ enabled: z.boolean(), settings: z.unknown() });

/**
 * Cross-campaign settings; a key left out keeps the importing shop's value (presets leave out the
 * sender and brand). Values are checked against the settings schema once merged.
 */
export const shopSettingsPartSchema = z.strictObject({
  senderName: z.unknown().optional(),
  replyTo: z.unknown().optional(),
  brand: z.unknown().optional(),
  consent: z.unknown().optional(),
  frequencyCap: z.unknown().optional(),
  quietHours: z.unknown().optional(),
  answerLinkExpiryDays: z.unknown().optional(),
});

export const propertyMappingSchema = z.strictObject({
  campaign: z.enum(CAMPAIGN_KINDS),
  question: z.string(),
  property: z.string(),
});

export const configFileSchema = z.strictObject({
  format: z.literal(CONFIG_FORMAT),
  version: z.literal(CONFIG_VERSION),
  /** Where it came from, for people reading the file ("Fashion store preset", a store's name). */
  source: z.string().max(200).optional(),
  exportedAt: z.string().max(40).optional(),
  campaigns: z.strictObject({
    abandoned_cart: campaignEntrySchema.optional(),
    post_purchase: campaignEntrySchema.optional(),
    vip: campaignEntrySchema.optional(),
    welcome: campaignEntrySchema.optional(),
    winback: campaignEntrySchema.optional(),
  }),
  shopSettings: shopSettingsPartSchema.optional(),
  /** Informational: recomputed from the questions on import. */
  propertyMappings: z.array(propertyMappingSchema).max(200).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type CampaignEntry = { enabled: boolean; settings: unknown };
export type ConfigCampaigns = Partial<Record<CampaignKind, CampaignEntry>>;

export type ReadResult = { ok: true; file: ConfigFile } | { ok: false; problems: string[] };

/** Reads an uploaded file: JSON, a Replyloop configuration, this version, the expected shape. */
export function readConfigFile(text: string): ReadResult {
  if (new TextEncoder().encode(text).byteLength > MAX_CONFIG_BYTES)
    return { ok: false, problems: ["The file is too large for a Replyloop configuration (over 1 MB)."] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`],
    };
  }
  if (!isJsonObject(json) || json.format !== CONFIG_FORMAT) {
    return {
      ok: false,
      problems: [`This is not a Replyloop configuration file (it should have "format": "${CONFIG_FORMAT}").`],
    };
  }
  if (json.version !== CONFIG_VERSION) {
    const given =
      typeof json.version === "number" || typeof json.version === "string"
        ? `version ${json.version}`
        : "no version";
    return {
      ok: false,
      problems: [
        `Unknown configuration version: this file has ${given}, and this Replyloop reads version ${CONFIG_VERSION}. Export it again from a store running this Replyloop.`,
      ],
    };
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${pathKey(issue.path) || "file"}: ${issue.message}`),
    };
  }
  return { ok: true, file: parsed.data };
}
