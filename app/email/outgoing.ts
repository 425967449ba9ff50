// The contract between the campaign engine (what to send, to whom, when) and the email module (how
// it looks and how it travels). The engine builds an OutgoingEmail for a due ScheduledSend; the
// email module renders it (Liquid + MJML, HTML + AMP + text), stores the Message and hands it to the
// transport (SendGrid, or the outbox when no SENDGRID_API_KEY is set; see transport.ts).
import type { CampaignKind } from "../campaigns/kinds";
import type { Question } from "../campaigns/questions";
import type { ShopSender } from "./compose";

/** The default templates, one per campaign step. */
export const TEMPLATE_KEYS = [
  "abandoned_cart_1",
  "abandoned_cart_2",
  "post_purchase_survey",
  "vip_welcome",
  "welcome_1",
  "welcome_2",
  "winback",
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** Merchant-editable texts of one step (Liquid allowed). Missing ones fall back to the template's defaults. */
export type StepContent = {
  subject?: string;
  preheader?: string;
  heading?: string;
  /** Body paragraphs, separated by blank lines. */
  body?: string;
  buttonLabel?: string;
};

export type LineItemData = {
  title: string;
  variant_title?: string | null;
  quantity: number;
  /** Formatted in the shop's currency, e.g. "$199.00". */
  price: string;
  image_url?: string | null;
};

/** Liquid variables, named as Shopify merchants know them ({{ customer.first_name }} …). */
export type TemplateData = {
  shop: {
    name: string;
    domain: string;
    email?: string | null;
    address?: string | null;
    logo_url?: string | null;
    brand_color: string;
    url: string;
  };
  customer: {
    email: string;
    first_name?: string | null;
    last_name?: string | null;
    /** ISO time of the customer's last order, when the journey knows it (win-back). */
    last_order_at?: string | null;
  };
  checkout?: {
    token: string;
    abandoned_checkout_url: string;
    line_items: LineItemData[];
    total_price: string;
  };
  order?: { id: string; name: string; line_items: LineItemData[]; total_price: string };
  discount?: { code: string; percent: number; expires_at: string };
  vip?: { tier: "silver" | "gold"; tier_label: string };
  /**
   * The customer's answers in this shop as they stand when the email is rendered: the latest value
   * per question key (`answers.shopping_for == "gifts"`) and the label it was shown with.
   */
  answers?: Record<string, string>;
  answer_labels?: Record<string, string>;
};

export type OutgoingEmail = {
  shop: string;
  /** The ScheduledSend this email is for: one message per send, never two. */
  sendId: string;
  campaign: CampaignKind;
  step: string;
  template: TemplateKey;
  to: { email: string; customerId?: string | null };
  content: StepContent;
  data: TemplateData;
  questions: Question[];
  /** Marketing email: List-Unsubscribe headers and footer link (RFC 8058). */
  marketing: boolean;
  /**
   * Who it comes from, as the shop's settings said when the caller read the shop (the engine has
   * it in hand); without it the sender reads the shop itself.
   */
  from?: ShopSender;
};

export type SendOutcome =
  /** `transport`: the name of the transport that took it ("sendgrid", "outbox"). */
  | { status: "sent"; messageId: string; transport: string }
  /** Already sent for this sendId (a retried job): nothing new went out. */
  | { status: "duplicate"; messageId: string }
  /** Not sendable as it stands (e.g. a template error); reason is shown to the merchant. Not retried. */
  | { status: "rejected"; reason: string };

export interface EmailSender {
  /** Renders, stores and transmits. Throws only on retryable faults (transport 429/5xx, network). */
  send(email: OutgoingEmail): Promise<SendOutcome>;
}
