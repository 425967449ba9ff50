// What a merchant tunes per campaign (stored as CampaignConfig.settings). Every field has a
// default good enough for a merchant who only presses "on"; stored settings are read through these
// schemas, so a missing or outdated field falls back to its default.
import { z } from "zod";
import type { TriggerEventType } from "./campaign-events";
import { CONDITION_FIELDS, conditionSchema, MAX_CONDITIONS } from "./conditions";
import { DEFAULT_QUESTIONS, questionSchema } from "./questions";
import type { CampaignKind } from "./kinds";
import { DELIVERY_MODES, pageTextsSchema, translationsSchema } from "./page-texts";

const text = (max: number) => z.string().max(max);

/** How a step reaches the customer: its email, a text instead, or the email then a text. */
export const SMS_MODES = ["email", "sms", "email_then_sms"] as const;
export type SmsMode = (typeof SMS_MODES)[number];

/** The step as a text (docs/decisions/0019-two-way-sms.md); absent: the email only. */
export const smsStepSettingsSchema = z.object({
  mode: z.enum(SMS_MODES).default("email"),
  /** The text (Liquid); the step's first question, "Reply …" and the opt-out line follow it. Empty: a greeting. */
  text: text(480).default(""),
  /** email_then_sms: the text goes this many minutes after the email. */
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
});
export type SmsStepSettings = z.infer<typeof smsStepSettingsSchema>;

/** Merchant-editable texts of one email (Liquid allowed); empty means "use the template's text". */
export const stepContentSchema = z.object({
  subject: text(200).optional(),
  preheader: text(200).optional(),
  heading: text(200).optional(),
  body: text(5000).optional(),
  buttonLabel: text(60).optional(),
  sms: smsStepSettingsSchema.optional(),
});
export type StepContentSettings = z.infer<typeof stepContentSchema>;

/** "Only when…": entry conditions on what the campaign's trigger events know (conditions.ts). */
const conditionsFor = (...events: TriggerEventType[]) =>
  z
    .array(conditionSchema)
    .max(MAX_CONDITIONS)
    .superRefine((list, ctx) =>
      list.forEach((condition, i) => {
        if (!events.every((e) => CONDITION_FIELDS[condition.field].events.includes(e)))
          ctx.addIssue({
            code: "custom",
            path: [i, "field"],
            message: `${CONDITION_FIELDS[condition.field].label} is not known to this campaign.`,
          });
      }),
    )
    .default([]);

const minutes = z
  .number()
  .int()
  .min(0)
  .max(60 * 24 * 90);

export const abandonedCartSettingsSchema = z.object({
  reminder: z
    .object({ delayMinutes: minutes.default(60), content: stepContentSchema.default({}) })
    .default({ delayMinutes: 60, content: {} }),
  discount: z
    .object({
      enabled: z.boolean().default(true),
      /** After the checkout was abandoned (not after the reminder). */
      delayMinutes: minutes.default(24 * 60),
      percent: z.number().int().min(1).max(90).default(10),
      expiresInDays: z.number().int().min(1).max(60).default(7),
      content: stepContentSchema.default({}),
    })
    .default({ enabled: true, delayMinutes: 24 * 60, percent: 10, expiresInDays: 7, content: {} }),
  questions: z.array(questionSchema).max(3).default([DEFAULT_QUESTIONS.cart_abandon_reason]),
  attributionDays: z.number().int().min(1).max(30).default(5),
  conditions: conditionsFor("checkout_abandoned"),
});

export const postPurchaseSettingsSchema = z.object({
  /** "fulfilled": after delivery (physical goods); "paid": right after payment (digital goods). */
  trigger: z.enum(["fulfilled", "paid"]).default("fulfilled"),
  delayMinutes: minutes.default(7 * 24 * 60),
  content: stepContentSchema.default({}),
  questions: z.array(questionSchema).min(1).max(3).default([DEFAULT_QUESTIONS.nps]),
  /** Don't survey the same customer again within this many days. */
  cooldownDays: z.number().int().min(0).max(365).default(30),
  conditions: conditionsFor("order_paid", "order_fulfilled"),
  /** Where the survey is asked: the store's Thank-you and Order status pages, email, or both (page-texts.ts). */
  delivery: z.enum(DELIVERY_MODES).default("page_then_email"),
  /** What the pages show besides the questions, in the merchant's language. */
  page: pageTextsSchema.default(pageTextsSchema.parse({})),
  /** The merchant's translations of the page survey, by language. */
  translations: translationsSchema.default({}),
});

export const vipSettingsSchema = z.object({
  tiers: z
    .object({
      silver: z.object({
        minOrders: z.number().int().min(1).nullable().default(3),
        minSpent: z.number().min(0).nullable().default(300),
      }),
      gold: z.object({
        minOrders: z.number().int().min(1).nullable().default(null),
        minSpent: z.number().min(0).nullable().default(1000),
      }),
    })
    .default({ silver: { minOrders: 3, minSpent: 300 }, gold: { minOrders: null, minSpent: 1000 } }),
  /** Shopify tag per tier (the old one is removed when a customer moves up). */
  tagPrefix: z
    .string()
    .regex(/^[A-Za-z0-9 _-]{1,30}$/)
    .default("VIP-"),
  content: stepContentSchema.default({}),
  questions: z.array(questionSchema).min(1).max(3).default([DEFAULT_QUESTIONS.vip_perk]),
  conditions: conditionsFor("tier_upgraded"),
});

const DAY = 24 * 60;

export const welcomeSettingsSchema = z.object({
  /** The welcome email, counted from the moment the customer subscribed. */
  welcome: z
    .object({ delayMinutes: minutes.default(0), content: stepContentSchema.default({}) })
    .default({ delayMinutes: 0, content: {} }),
  /** The follow-up, counted from the welcome email; its texts can use the answers (`answers.<key>`). */
  followUp: z
    .object({
      enabled: z.boolean().default(true),
      delayMinutes: minutes.default(3 * DAY),
      content: stepContentSchema.default({}),
    })
    .default({ enabled: true, delayMinutes: 3 * DAY, content: {} }),
  /** Asked in the welcome email. */
  questions: z.array(questionSchema).max(3).default([DEFAULT_QUESTIONS.shopping_for]),
  /** A customer who unsubscribes and subscribes again gets the series again (otherwise once, ever). */
  restartOnResubscribe: z.boolean().default(false),
  conditions: conditionsFor("customer_subscribed"),
});

/** Customers whose last order is older than this at the start (switching on) are left alone. */
const WINBACK_LOOKBACK_DAYS = 365;

export const winbackSettingsSchema = z.object({
  /** A customer whose last order is this many days old is due (and enters at most once per threshold). */
  thresholdDays: z.number().int().min(14).max(730).default(90),
  content: stepContentSchema.default({}),
  questions: z.array(questionSchema).max(3).default([DEFAULT_QUESTIONS.winback_reason]),
  discount: z
    .object({
      enabled: z.boolean().default(false),
      percent: z.number().int().min(1).max(90).default(15),
      expiresInDays: z.number().int().min(1).max(60).default(14),
    })
    .default({ enabled: false, percent: 15, expiresInDays: 14 }),
  /** An order within this many days after the win-back email counts as won back. */
  attributionDays: z.number().int().min(1).max(60).default(14),
  conditions: conditionsFor("customer_lapsed").default([
    { field: "customer.days_since_last_order", op: "lte", value: WINBACK_LOOKBACK_DAYS },
  ]),
});

export type AbandonedCartSettings = z.infer<typeof abandonedCartSettingsSchema>;
export type PostPurchaseSettings = z.infer<typeof postPurchaseSettingsSchema>;
export type VipSettings = z.infer<typeof vipSettingsSchema>;
export type WelcomeSettings = z.infer<typeof welcomeSettingsSchema>;
export type WinbackSettings = z.infer<typeof winbackSettingsSchema>;

export const SETTINGS_SCHEMAS = {
  abandoned_cart: abandonedCartSettingsSchema,
  post_purchase: postPurchaseSettingsSchema,
  vip: vipSettingsSchema,
  welcome: welcomeSettingsSchema,
  winback: winbackSettingsSchema,
} as const;

export type CampaignSettings = {
  abandoned_cart: AbandonedCartSettings;
  post_purchase: PostPurchaseSettings;
  vip: VipSettings;
  welcome: WelcomeSettings;
  winback: WinbackSettings;
};

export function defaultSettings<K extends CampaignKind>(kind: K): CampaignSettings[K] {
  return SETTINGS_SCHEMAS[kind].parse({}) as CampaignSettings[K];
}

/** Stored settings of a campaign; anything invalid falls back to the defaults (never throws). */
export function readSettings<K extends CampaignKind>(kind: K, stored: unknown): CampaignSettings[K] {
  const parsed = SETTINGS_SCHEMAS[kind].safeParse(stored ?? {});
  return (parsed.success ? parsed.data : SETTINGS_SCHEMAS[kind].parse({})) as CampaignSettings[K];
}
