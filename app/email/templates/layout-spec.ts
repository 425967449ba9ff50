// What shapes an email's layout — everything that is the same for every recipient of one template
// version: the step, the shop's brand, the questions, whether it is marketing. The three parts
// (MJML → HTML, AMP, text) are generated from this spec as Liquid templates; per recipient only
// Liquid runs. The spec (through the generated source) is the cache key of the compiled template.
import type { Question } from "../../campaigns/questions";
import type { OutgoingEmail, TemplateKey } from "../outgoing";
import { TEMPLATES } from "./defaults";

export type LayoutSpec = {
  template: TemplateKey;
  /** The same for every recipient of a shop: placed into the layout once, not rendered per recipient. */
  shop: { name: string; url: string; address: string | null };
  brand: { color: string; textOnColor: string; logoUrl: string | null };
  questions: Question[];
  marketing: boolean;
  /** Absolute URL the AMP forms post to (action-xhr). */
  ampEndpoint: string;
  /** Whose line items are listed (only when the data has them). */
  items: "checkout" | "order" | null;
  discount: boolean;
  ctaUrl: string;
  questionsFirst: boolean;
};

export function layoutSpec(
  email: Pick<OutgoingEmail, "template" | "data" | "questions" | "marketing">,
  ampEndpoint: string,
): LayoutSpec {
  const template = TEMPLATES[email.template];
  const items = template.items && email.data[template.items] ? template.items : null;
  const color = /^#[0-9a-fA-F]{6}$/.test(email.data.shop.brand_color)
    ? email.data.shop.brand_color.toLowerCase()
    : "#2c6ecb";
  const { name, url, address } = email.data.shop;
  return {
    template: email.template,
    shop: { name, url, address: address?.trim() || null },
    brand: { color, textOnColor: readableOn(color), logoUrl: httpsUrl(email.data.shop.logo_url) },
    questions: email.questions,
    marketing: email.marketing,
    ampEndpoint,
    items,
    discount: template.discount && !!email.data.discount,
    ctaUrl: template.ctaUrl,
    questionsFirst: template.questionsFirst,
  };
}

/** White or near-black text, whichever reads better on the brand colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance > 0.4 ? "#111827" : "#ffffff";
}

function httpsUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Liquid paths of per-recipient values (question keys are lower_snake_case by schema). */
export const answerRowsVar = (questionKey: string) => `rl.answer_rows["${questionKey}"]`;
export const answerLinesVar = (questionKey: string) => `rl.answer_lines["${questionKey}"]`;
export const ampTokenVar = (questionKey: string) => `rl.amp_tokens["${questionKey}"]`;
