// What the email module needs to render one step of one journey: the step's template, texts and
// questions, and the Liquid variables (shop, customer, cart, order, discount, tier, the customer's
// answers so far).
import type { KnownAnswers } from "../answers/known.server";
import { senderOf } from "../email/compose";
import type { EmailSender, LineItemData, OutgoingEmail, TemplateData } from "../email/outgoing";
import type { OutgoingSms } from "../sms/outgoing";
import { formatMoney } from "../lib/money";
import type { ShopFacts } from "../shops/shops.server";
import type { SendStep } from "./definition";
import type { CampaignKind } from "./kinds";
import type { JourneyContext, JourneyLineItem } from "./journey-context";

export type { EmailSender };

const items = (lines: JourneyLineItem[], currency: string): LineItemData[] =>
  lines.map((l) => ({
    title: l.title,
    variant_title: l.variantTitle ?? null,
    quantity: l.quantity,
    price: formatMoney(l.priceCents, currency),
    image_url: l.imageUrl ?? null,
  }));

export function templateData(
  shop: ShopFacts,
  journey: { email: string; context: JourneyContext },
  answers?: KnownAnswers,
): TemplateData {
  const c = journey.context;
  return {
    shop: {
      name: shop.name,
      domain: shop.domain,
      email: shop.email,
      address: shop.address,
      logo_url: shop.settings.brand.logoUrl ?? null,
      brand_color: shop.settings.brand.color,
      url: `https://${shop.domain}`,
    },
    customer: {
      email: journey.email,
      first_name: c.customer.firstName ?? null,
      last_name: c.customer.lastName ?? null,
      ...(c.lastOrderAt ? { last_order_at: c.lastOrderAt } : {}),
    },
    ...(c.checkout
      ? {
          checkout: {
            token: c.checkout.token,
            abandoned_checkout_url: c.checkout.url ?? `https://${shop.domain}/cart`,
            line_items: items(c.checkout.lineItems, c.checkout.currency),
            total_price: formatMoney(c.checkout.totalCents, c.checkout.currency),
          },
        }
      : {}),
    ...(c.order
      ? {
          order: {
            id: c.order.id,
            name: c.order.name,
            line_items: items(c.order.lineItems, c.order.currency),
            total_price: formatMoney(c.order.totalCents, c.order.currency),
          },
        }
      : {}),
    ...(c.discount
      ? { discount: { code: c.discount.code, percent: c.discount.percent, expires_at: c.discount.expiresAt } }
      : {}),
    ...(c.tier ? { vip: { tier: c.tier, tier_label: c.tier === "gold" ? "Gold" : "Silver" } } : {}),
    ...(answers ? { answers: answers.values, answer_labels: answers.labels } : {}),
  };
}

export function outgoingEmail(input: {
  sendId: string;
  shop: ShopFacts;
  campaign: CampaignKind;
  step: SendStep;
  journey: { email: string; customerId: string | null; context: JourneyContext };
  answers?: KnownAnswers;
}): OutgoingEmail {
  return {
    shop: input.shop.domain,
    sendId: input.sendId,
    campaign: input.campaign,
    step: input.step.id,
    template: input.step.template,
    to: { email: input.journey.email, customerId: input.journey.customerId },
    content: input.step.content,
    data: templateData(input.shop, input.journey, input.answers),
    questions: input.step.questions,
    marketing: true,
    from: senderOf(input.shop),
  };
}

/** The text of a step whose channel is SMS: its Liquid, its first question, to the customer's phone. */
export function outgoingSms(input: {
  sendId: string;
  shop: ShopFacts;
  campaign: CampaignKind;
  step: SendStep;
  journey: { email: string; customerId: string | null; context: JourneyContext };
  phone: string;
}): OutgoingSms {
  return {
    shop: input.shop.domain,
    sendId: input.sendId,
    campaign: input.campaign,
    step: input.step.id,
    template: input.step.template,
    to: { phone: input.phone, email: input.journey.email, customerId: input.journey.customerId },
    text: input.step.content.sms?.text ?? "",
    data: templateData(input.shop, input.journey),
    question: input.step.questions[0] ?? null,
  };
}
