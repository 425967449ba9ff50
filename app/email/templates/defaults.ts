// The default email of every campaign step: its texts (each one a merchant can override through
// StepContent) and what the layout shows around them. Texts are Liquid with the variables of
// TemplateData, named as Shopify merchants know them.
import type { StepContent, TemplateKey } from "../outgoing";

export type Texts = Required<StepContent>;

export type TemplateSpec = {
  texts: Texts;
  /** Where the call-to-action button goes (a Liquid expression on TemplateData). */
  ctaUrl: string;
  /** Whose line items are listed, if any. */
  items: "checkout" | "order" | null;
  /** The discount code block (second abandoned-cart email). */
  discount: boolean;
  /** Questions come before the button (the survey and VIP emails are about the answer) or after it. */
  questionsFirst: boolean;
};

const hi = "Hi {{ customer.first_name | default: 'there' }},";

export const TEMPLATES: Record<TemplateKey, TemplateSpec> = {
  abandoned_cart_1: {
    texts: {
      subject: "You left something behind at {{ shop.name }}",
      preheader: "Your cart is saved — pick up where you left off.",
      heading: "Still thinking it over?",
      body: `${hi}\n\nYou left a few things in your cart at {{ shop.name }}. We've saved them for you, so you can finish your order whenever you're ready.`,
      buttonLabel: "Return to your cart",
    },
    ctaUrl: "checkout.abandoned_checkout_url",
    items: "checkout",
    discount: false,
    questionsFirst: false,
  },
  abandoned_cart_2: {
    texts: {
      subject: "{{ discount.percent }}% off the items in your cart",
      preheader: "Use code {{ discount.code }} before it expires.",
      heading: "A little something to help you decide",
      body: `${hi}\n\nYour cart at {{ shop.name }} is still waiting. Use the code below for {{ discount.percent }}% off your order. It's just for you and expires on {{ discount.expires_at | date: '%B %-d' }}.`,
      buttonLabel: "Complete your order",
    },
    ctaUrl: "checkout.abandoned_checkout_url",
    items: "checkout",
    discount: true,
    questionsFirst: false,
  },
  post_purchase_survey: {
    texts: {
      subject: "How was your order {{ order.name }}?",
      preheader: "One quick question: it takes a single click.",
      heading: "How did we do?",
      body: `${hi}\n\nThank you for your order {{ order.name }}. We'd love to know how it went: just click a number below.`,
      buttonLabel: "Visit {{ shop.name }}",
    },
    ctaUrl: "shop.url",
    items: "order",
    discount: false,
    questionsFirst: true,
  },
  vip_welcome: {
    texts: {
      subject: "Welcome to {{ vip.tier_label }} VIP, {{ customer.first_name | default: 'friend' }}",
      preheader: "Pick the perk you'd like: one click is all it takes.",
      heading: "You're a {{ vip.tier_label }} VIP",
      body: `${hi}\n\nThank you for being one of our best customers at {{ shop.name }}. As a {{ vip.tier_label }} member you get a perk of your choice. Pick yours below.`,
      buttonLabel: "Shop now",
    },
    ctaUrl: "shop.url",
    items: null,
    discount: false,
    questionsFirst: true,
  },
  welcome_1: {
    texts: {
      subject: "Welcome to {{ shop.name }}{% if customer.first_name %}, {{ customer.first_name }}{% endif %}",
      preheader: "Thanks for subscribing. One quick question, so we send you the right things.",
      heading: "Welcome to {{ shop.name }}",
      body: `${hi}

Thanks for subscribing to {{ shop.name }}. We'd like to send you things you actually care about: tell us what you're shopping for with one click below.`,
      buttonLabel: "Visit {{ shop.name }}",
    },
    ctaUrl: "shop.url",
    items: null,
    discount: false,
    questionsFirst: true,
  },
  welcome_2: {
    texts: {
      subject: `{% if answers.shopping_for == "gifts" %}Gift ideas from {{ shop.name }}{% else %}Picked for you at {{ shop.name }}{% endif %}`,
      preheader: "A few things we think you'll like.",
      heading: `{% if answers.shopping_for == "gifts" %}Gifts they'll love{% else %}Picked for you{% endif %}`,
      body: `${hi}

{% if answers.shopping_for == "gifts" %}You told us you're shopping for gifts, so we've gathered ideas for everyone on your list at {{ shop.name }}.{% elsif answer_labels.shopping_for %}You told us: "{{ answer_labels.shopping_for }}". We've picked a few things at {{ shop.name }} with that in mind.{% else %}Here are a few of our favourites at {{ shop.name }} to get you started.{% endif %}`,
      buttonLabel: `{% if answers.shopping_for == "gifts" %}See gift ideas{% else %}Start shopping{% endif %}`,
    },
    ctaUrl: "shop.url",
    items: null,
    discount: false,
    questionsFirst: false,
  },
  winback: {
    texts: {
      subject: "We miss you at {{ shop.name }}",
      preheader:
        "{% if discount %}{{ discount.percent }}% off your next order, just for you.{% else %}One quick question: one click is all it takes.{% endif %}",
      heading: "It's been a while{% if customer.first_name %}, {{ customer.first_name }}{% endif %}",
      body: `${hi}

We haven't seen you at {{ shop.name }}{% if customer.last_order_at %} since {{ customer.last_order_at | date: '%B %Y' }}{% endif %}, and we'd love to know why. Tell us with one click below.{% if discount %}

And if you'd like to come back, here's {{ discount.percent }}% off your next order. The code is just for you and expires on {{ discount.expires_at | date: '%B %-d' }}.{% endif %}`,
      buttonLabel: "Visit {{ shop.name }}",
    },
    ctaUrl: "shop.url",
    items: null,
    discount: true,
    questionsFirst: true,
  },
};

/** The step's texts: the merchant's where given (non-blank), the defaults otherwise. */
export function textsFor(template: TemplateKey, content: StepContent): Texts {
  const defaults = TEMPLATES[template].texts;
  const pick = (key: keyof Texts) => {
    const given = content[key];
    return given?.trim() ? given : defaults[key];
  };
  return {
    subject: pick("subject"),
    preheader: pick("preheader"),
    heading: pick("heading"),
    body: pick("body"),
    buttonLabel: pick("buttonLabel"),
  };
}
