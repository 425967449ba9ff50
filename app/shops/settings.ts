// Cross-campaign settings of one shop, stored as JSON on Shop.settings. Every field has a default a
// merchant can live with, so a shop that never opens Settings still behaves well.
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");

export const shopSettingsSchema = z.object({
  senderName: z.string().max(100).default(""),
  replyTo: z.email().optional(),
  brand: z
    .object({
      logoUrl: z.url({ protocol: /^https?$/ }).optional(),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "must be a #RRGGBB colour")
        .default("#2c6ecb"),
    })
    .default({ color: "#2c6ecb" }),
  consent: z
    .object({
      // Default: only customers whose Shopify email marketing state is SUBSCRIBED get marketing email.
      abandonedCartSoftOptIn: z.boolean().default(false),
    })
    .default({ abandonedCartSoftOptIn: false }),
  frequencyCap: z
    .object({
      hours: z.number().int().min(0).max(168).default(16),
      surveysExempt: z.boolean().default(false),
    })
    .default({ hours: 16, surveysExempt: false }),
  quietHours: z
    .object({ enabled: z.boolean().default(true), start: hhmm.default("21:00"), end: hhmm.default("08:00") })
    .default({ enabled: true, start: "21:00", end: "08:00" }),
  answerLinkExpiryDays: z.number().int().min(1).max(365).default(90),
});

export type ShopSettings = z.infer<typeof shopSettingsSchema>;

export const defaultShopSettings: ShopSettings = shopSettingsSchema.parse({});

/** Reads stored settings; anything missing or no longer valid falls back to its default. */
export function readShopSettings(stored: unknown): ShopSettings {
  const parsed = shopSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : defaultShopSettings;
}
