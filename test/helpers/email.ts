// Outgoing emails built from the Shopify sample payloads, the way the campaign engine builds them:
// line items with their prices in the shop's currency, the checkout's recovery URL, the order name.
// Webhook line items carry no images; the engine looks them up, here a fixed product image stands in.
import { DEFAULT_QUESTIONS, type Question } from "../../app/campaigns/questions";
import type { LineItemData, OutgoingEmail, TemplateData, TemplateKey } from "../../app/email/outgoing";
import { fixture } from "./fixtures";
import { TEST_SHOP } from "./shopify";

type FixtureLineItem = {
  title: string;
  variant_title?: string | null;
  quantity: number;
  price: string;
  product_id?: number | string | null;
};
type FixtureCheckout = {
  token: string;
  email: string;
  currency: string;
  total_price: string;
  abandoned_checkout_url: string;
  line_items: FixtureLineItem[];
  customer?: { first_name?: string | null; last_name?: string | null } | null;
};
type FixtureOrder = {
  id: number | string;
  name: string;
  email: string;
  currency: string;
  total_price: string;
  line_items: FixtureLineItem[];
  customer?: { first_name?: string | null; last_name?: string | null } | null;
};

export const PRODUCT_IMAGE = "https://cdn.shopify.com/s/files/1/0000/0001/products/ipod-nano.png";

const money = (amount: string, currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency }).format(Number(amount));

function lineItems(items: FixtureLineItem[], currency: string, withImages: boolean): LineItemData[] {
  return items.map((item, i) => ({
    title: item.title,
    variant_title: item.variant_title ?? null,
    quantity: item.quantity,
    price: money(item.price, currency),
    image_url: withImages && i === 0 ? PRODUCT_IMAGE : null,
  }));
}

export function shopData(overrides: Partial<TemplateData["shop"]> = {}): TemplateData["shop"] {
  return {
    name: "Demo Store",
    domain: TEST_SHOP,
    email: "hello@demo-store.example",
    address: "150 Elgin Street, Ottawa ON K2P 1L4, Canada",
    logo_url: "https://cdn.shopify.com/s/files/1/0000/0001/files/logo.png",
    brand_color: "#0a7d55",
    url: "https://demo-store.example",
    ...overrides,
  };
}

export function checkoutData(): Pick<TemplateData, "customer" | "checkout"> {
  const c = fixture<FixtureCheckout>("shopify/checkouts_create.json");
  return {
    customer: {
      email: c.email,
      first_name: c.customer?.first_name ?? null,
      last_name: c.customer?.last_name ?? null,
    },
    checkout: {
      token: c.token,
      abandoned_checkout_url: c.abandoned_checkout_url,
      line_items: lineItems(c.line_items, c.currency, true),
      total_price: money(c.total_price, c.currency),
    },
  };
}

export function orderData(): Pick<TemplateData, "customer" | "order"> {
  const o = fixture<FixtureOrder>("shopify/orders_fulfilled.json");
  return {
    customer: {
      email: o.email,
      first_name: o.customer?.first_name ?? null,
      last_name: o.customer?.last_name ?? null,
    },
    order: {
      id: String(o.id),
      name: o.name,
      line_items: lineItems(o.line_items, o.currency, true),
      total_price: money(o.total_price, o.currency),
    },
  };
}

const questionsOf: Record<TemplateKey, Question[]> = {
  abandoned_cart_1: [DEFAULT_QUESTIONS.cart_abandon_reason],
  abandoned_cart_2: [DEFAULT_QUESTIONS.cart_abandon_reason],
  post_purchase_survey: [DEFAULT_QUESTIONS.nps],
  vip_welcome: [DEFAULT_QUESTIONS.vip_perk],
  welcome_1: [DEFAULT_QUESTIONS.shopping_for],
  welcome_2: [],
  winback: [DEFAULT_QUESTIONS.winback_reason],
};

const campaignOf = {
  abandoned_cart_1: "abandoned_cart",
  abandoned_cart_2: "abandoned_cart",
  post_purchase_survey: "post_purchase",
  vip_welcome: "vip",
  welcome_1: "welcome",
  welcome_2: "welcome",
  winback: "winback",
} as const;

/** The email the engine would send for this step, from the Shopify samples. */
export function outgoingFor(template: TemplateKey, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const base = template.startsWith("abandoned_cart") ? checkoutData() : orderData();
  const data: TemplateData = {
    shop: shopData(),
    ...base,
    ...(template === "abandoned_cart_2"
      ? { discount: { code: "COMEBACK-7Q2K", percent: 10, expires_at: "2026-12-01T00:00:00Z" } }
      : {}),
    ...(template === "vip_welcome" ? { vip: { tier: "gold" as const, tier_label: "Gold" } } : {}),
    ...(template === "winback"
      ? { discount: { code: "MISSYOU-4T7W", percent: 15, expires_at: "2026-12-01T00:00:00Z" } }
      : {}),
    ...(template === "welcome_2"
      ? { answers: { shopping_for: "gifts" }, answer_labels: { shopping_for: "Gifts" } }
      : {}),
  };
  return {
    shop: TEST_SHOP,
    sendId: `send-${template}-${Math.random().toString(36).slice(2, 10)}`,
    campaign: campaignOf[template],
    step: template,
    template,
    to: { email: data.customer.email, customerId: "603851970716743426" },
    content: {},
    data,
    questions: questionsOf[template],
    marketing: template !== "post_purchase_survey",
    ...overrides,
  };
}
