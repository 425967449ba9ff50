// The campaign editor's preview and test email: one step of a campaign, with the settings as the
// merchant is editing them (saved or not), rendered with sample data (a customer, a cart, an order,
// answers to the campaign's questions) and the shop's own name and brand. The preview is stored and sent nowhere; the test email goes
// through the real sender to the shop's own address.
import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { renderPreview, type Preview } from "../email/send.server";
import type { EmailSender, OutgoingEmail, TemplateData } from "../email/outgoing";
import { sampleData } from "../email/sample-data";
import { TEST_SEND_PREFIX } from "../email/test-sends";
import { readShop, type ShopFacts } from "../shops/shops.server";
import type { SendStep } from "./definition";
import type { CampaignKind } from "./kinds";
import type { CampaignSettings } from "./settings";
import { sendStepFor } from "./steps";
import { answerValues, labelOf, type Question } from "./questions";

function shopData(shop: ShopFacts): Partial<TemplateData["shop"]> {
  return {
    name: shop.name,
    domain: shop.domain,
    url: `https://${shop.domain}`,
    email: shop.email,
    address: shop.address,
    brand_color: shop.settings.brand.color,
    logo_url: shop.settings.brand.logoUrl ?? null,
  };
}

/**
 * The sample customer's answers to the campaign's own questions (a later email's texts can use
 * them): the sample's answer where it is still one of the choices, else the first choice.
 */
function withSampleAnswers(data: TemplateData, questions: readonly Question[]): TemplateData {
  if (questions.length === 0) return data;
  const answers = { ...data.answers };
  const labels = { ...data.answer_labels };
  for (const question of questions) {
    const values = answerValues(question);
    const given = answers[question.key];
    const value = given !== undefined && values.includes(given) ? given : values[0];
    if (value === undefined) continue;
    answers[question.key] = value;
    labels[question.key] = labelOf(question, value);
  }
  return { ...data, answers, answer_labels: labels };
}

function sampleEmail(
  shop: ShopFacts,
  kind: CampaignKind,
  step: SendStep,
  sendId: string,
  to: string,
  questions: readonly Question[] = [],
): OutgoingEmail {
  return {
    shop: shop.domain,
    sendId,
    campaign: kind,
    step: step.id,
    template: step.template,
    to: { email: to, customerId: null },
    content: step.content,
    data: withSampleAnswers(sampleData(step.template, shopData(shop)), questions),
    questions: step.questions,
    marketing: true,
  };
}

export type StepPreview = Preview & { stepId: string };

export async function previewStep<K extends CampaignKind>(
  db: Db,
  shopDomain: string,
  kind: K,
  settings: CampaignSettings[K],
  stepId: string,
): Promise<StepPreview> {
  const step = sendStepFor(kind, settings, stepId);
  if (!step) return { ok: false, reason: "This campaign has no such email.", stepId };
  const shop = await readShop(db, shopDomain);
  const preview = await renderPreview(
    sampleEmail(shop, kind, step, "preview", sampleData(step.template).customer.email, settings.questions),
  );
  return { ...preview, stepId };
}

export type TestEmailResult = { ok: true; to: string } | { ok: false; reason: string };

/** Sends one step, with sample data, to the shop's own email address (Shop.email). */
export async function sendTestEmail<K extends CampaignKind>(
  db: Db,
  shopDomain: string,
  kind: K,
  settings: CampaignSettings[K],
  stepId: string,
  sender: EmailSender,
): Promise<TestEmailResult> {
  const step = sendStepFor(kind, settings, stepId);
  if (!step) return { ok: false, reason: "This campaign has no such email." };
  const shop = await readShop(db, shopDomain);
  if (!shop.email)
    return { ok: false, reason: "Your store has no email address in Shopify to send a test to." };
  const outcome = await sender.send(
    sampleEmail(shop, kind, step, `${TEST_SEND_PREFIX}${randomUUID()}`, shop.email, settings.questions),
  );
  return outcome.status === "rejected" ? { ok: false, reason: outcome.reason } : { ok: true, to: shop.email };
}
