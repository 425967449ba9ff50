// Built-in starting points for agencies: configuration files (the same format as an export) for
// common kinds of store. They leave out the sender and brand, which belong to each store.
import { DEFAULT_QUESTIONS, type Question } from "../campaigns/questions";
import { DEFAULT_PAGE_TEXTS } from "../campaigns/page-texts";
import type {
  AbandonedCartSettings,
  PostPurchaseSettings,
  VipSettings,
  WelcomeSettings,
  WinbackSettings,
} from "../campaigns/settings";
import { CONFIG_FORMAT, CONFIG_VERSION, type ConfigFile } from "./config-file";

export type Preset = { id: string; name: string; description: string; file: ConfigFile };

const HOUR = 60;
const DAY = 24 * 60;
const nps = DEFAULT_QUESTIONS.nps as Question;
const cartReason = DEFAULT_QUESTIONS.cart_abandon_reason as Question;
const vipPerk = DEFAULT_QUESTIONS.vip_perk as Question;
const winbackReason = DEFAULT_QUESTIONS.winback_reason as Question;
const lookback = (days: number) => [
  { field: "customer.days_since_last_order" as const, op: "lte" as const, value: days },
];

const fashion = {
  abandoned_cart: {
    reminder: {
      delayMinutes: 1 * HOUR,
      content: {
        subject: "Still thinking it over, {{ customer.first_name | default: 'there' }}?",
        heading: "Your picks are waiting",
        body: "Hi {{ customer.first_name | default: 'there' }},\n\nThe pieces in your cart at {{ shop.name }} are popular, and sizes go fast. We've saved them for you.",
      },
    },
    discount: { enabled: true, delayMinutes: 24 * HOUR, percent: 15, expiresInDays: 5, content: {} },
    questions: [
      cartReason,
      {
        key: "size_fit",
        kind: "choice",
        prompt: "Were you sure about the size?",
        choices: [
          { value: "sure", label: "Yes, I know my size" },
          { value: "unsure", label: "Not sure which size to pick" },
          { value: "need_guide", label: "I'd like a size guide" },
        ],
      },
    ],
    attributionDays: 5,
    // Small carts are mostly samples and socks: not worth a reminder and a discount.
    conditions: [{ field: "cart.total", op: "gte", value: 2500 }],
  } satisfies AbandonedCartSettings,
  post_purchase: {
    trigger: "fulfilled",
    delayMinutes: 5 * DAY,
    content: {},
    questions: [
      nps,
      {
        key: "fit_feedback",
        kind: "choice",
        prompt: "How did it fit?",
        choices: [
          { value: "small", label: "Runs small" },
          { value: "true_to_size", label: "True to size" },
          { value: "large", label: "Runs large" },
        ],
      },
    ],
    cooldownDays: 30,
    conditions: [],
    // Asked right on the Thank-you page; the email goes to those who did not answer there.
    delivery: "page_then_email",
    page: { ...DEFAULT_PAGE_TEXTS },
    translations: {},
  } satisfies PostPurchaseSettings,
  vip: {
    tiers: { silver: { minOrders: 3, minSpent: 250 }, gold: { minOrders: 8, minSpent: 800 } },
    tagPrefix: "VIP-",
    content: {},
    questions: [vipPerk],
    conditions: [],
  } satisfies VipSettings,
  welcome: {
    welcome: { delayMinutes: 0, content: {} },
    followUp: {
      enabled: true,
      delayMinutes: 2 * DAY,
      content: {
        body: `Hi {{ customer.first_name | default: 'there' }},\n\n{% if answers.shopping_for == "gifts" %}Looking for a gift? Our gift guide at {{ shop.name }} has something for every style and budget.{% elsif answers.shopping_for == "new_season" %}The new season has just landed at {{ shop.name }}: here's what's new.{% else %}Here are the pieces our customers love most at {{ shop.name }}.{% endif %}`,
      },
    },
    questions: [
      {
        key: "shopping_for",
        kind: "choice",
        prompt: "What are you shopping for?",
        choices: [
          { value: "myself", label: "Something for me" },
          { value: "gifts", label: "Gifts" },
          { value: "new_season", label: "The new season" },
          { value: "just_looking", label: "Just looking" },
        ],
      },
    ],
    restartOnResubscribe: false,
    conditions: [],
  } satisfies WelcomeSettings,
  winback: {
    // Fashion buys with the seasons: two months without an order is a lapse.
    thresholdDays: 60,
    content: {},
    questions: [winbackReason],
    discount: { enabled: true, percent: 15, expiresInDays: 14 },
    attributionDays: 14,
    conditions: lookback(365),
  } satisfies WinbackSettings,
};

const subscription = {
  abandoned_cart: {
    reminder: {
      delayMinutes: 2 * HOUR,
      content: {
        subject: "Your first box is one step away",
        body: "Hi {{ customer.first_name | default: 'there' }},\n\nYou were nearly done setting up your subscription at {{ shop.name }}. You can skip, pause or cancel any time.",
        buttonLabel: "Finish my subscription",
      },
    },
    // No discount: a first-order discount teaches subscribers to wait for one.
    discount: { enabled: false, delayMinutes: 24 * HOUR, percent: 10, expiresInDays: 7, content: {} },
    questions: [cartReason],
    attributionDays: 7,
    conditions: [],
  } satisfies AbandonedCartSettings,
  post_purchase: {
    trigger: "paid",
    delayMinutes: 14 * DAY,
    content: {},
    questions: [
      nps,
      {
        key: "delivery_frequency",
        kind: "choice",
        prompt: "How often would you like a delivery?",
        choices: [
          { value: "every_2_weeks", label: "Every 2 weeks" },
          { value: "monthly", label: "Every month" },
          { value: "every_2_months", label: "Every 2 months" },
        ],
      },
    ],
    cooldownDays: 90,
    // Ask once the subscription is established, not after the first box.
    conditions: [{ field: "customer.orders_count", op: "gte", value: 2 }],
    // Renewals have no Thank-you page, and the first one is about signing up: by email only.
    delivery: "email_only",
    page: { ...DEFAULT_PAGE_TEXTS },
    translations: {},
  } satisfies PostPurchaseSettings,
  vip: {
    tiers: { silver: { minOrders: 6, minSpent: null }, gold: { minOrders: 12, minSpent: null } },
    tagPrefix: "Member-",
    content: {},
    questions: [vipPerk],
    conditions: [],
  } satisfies VipSettings,
  welcome: {
    welcome: { delayMinutes: 0, content: {} },
    followUp: { enabled: true, delayMinutes: 3 * DAY, content: {} },
    questions: [
      {
        key: "shopping_for",
        kind: "choice",
        prompt: "What brings you to us?",
        choices: [
          { value: "myself", label: "Treating myself" },
          { value: "gifts", label: "A gift subscription" },
          { value: "trying_out", label: "Trying it out" },
        ],
      },
    ],
    restartOnResubscribe: false,
    conditions: [],
  } satisfies WelcomeSettings,
  winback: {
    thresholdDays: 60,
    content: {},
    questions: [winbackReason],
    // No discount: subscribers who pause are asked why, not paid to return.
    discount: { enabled: false, percent: 10, expiresInDays: 14 },
    attributionDays: 30,
    conditions: lookback(180),
  } satisfies WinbackSettings,
};

type PresetCampaigns = {
  abandoned_cart: AbandonedCartSettings;
  post_purchase: PostPurchaseSettings;
  vip: VipSettings;
  welcome: WelcomeSettings;
  winback: WinbackSettings;
};

const file = (
  source: string,
  campaigns: PresetCampaigns,
  on: Record<keyof PresetCampaigns, boolean>,
  shopSettings: ConfigFile["shopSettings"],
): ConfigFile => ({
  format: CONFIG_FORMAT,
  version: CONFIG_VERSION,
  source,
  campaigns: {
    abandoned_cart: { enabled: on.abandoned_cart, settings: campaigns.abandoned_cart },
    post_purchase: { enabled: on.post_purchase, settings: campaigns.post_purchase },
    vip: { enabled: on.vip, settings: campaigns.vip },
    welcome: { enabled: on.welcome, settings: campaigns.welcome },
    winback: { enabled: on.winback, settings: campaigns.winback },
  },
  shopSettings,
});

export const PRESETS: Preset[] = [
  {
    id: "fashion",
    name: "Fashion store",
    description:
      "Cart reminder for carts from 25 (in the store’s currency) after an hour asking about size, 15% off after a day; survey 5 days after delivery with a fit question; VIP from 3 orders; a welcome asking what new subscribers shop for; win-back after 60 days with 15% off.",
    file: file(
      "Fashion store preset",
      fashion,
      { abandoned_cart: true, post_purchase: true, vip: true, welcome: true, winback: true },
      {
        frequencyCap: { hours: 24, surveysExempt: false },
        quietHours: { enabled: true, start: "21:00", end: "08:00" },
      },
    ),
  },
  {
    id: "subscription",
    name: "Subscription business",
    description:
      "Gentle sign-up reminder without a discount; survey 2 weeks after payment from the second order on, asking about delivery frequency; members from 6 orders; a welcome asking what brings new subscribers.",
    file: file(
      "Subscription business preset",
      subscription,
      { abandoned_cart: true, post_purchase: true, vip: false, welcome: true, winback: false },
      {
        frequencyCap: { hours: 48, surveysExempt: true },
        quietHours: { enabled: true, start: "20:00", end: "09:00" },
      },
    ),
  },
];

export const presetById = (id: string) => PRESETS.find((p) => p.id === id) ?? null;
