// The emails of each campaign as the merchant edits them: which template, where the step's texts
// sit in the campaign's settings, and how the admin names it. Pure.
import { buildDefinition, type SendStep } from "./definition";
import type { CampaignKind } from "./kinds";
import type { CampaignSettings, StepContentSettings } from "./settings";
import type { TemplateKey } from "../email/outgoing";

export type EditableStep = {
  id: string;
  label: string;
  template: TemplateKey;
  /** Where the step's StepContent is in the settings ("reminder.content", "content"). */
  contentPath: string;
};

export const EDITABLE_STEPS: Record<CampaignKind, EditableStep[]> = {
  abandoned_cart: [
    {
      id: "reminder",
      label: "Email 1: reminder",
      template: "abandoned_cart_1",
      contentPath: "reminder.content",
    },
    {
      id: "discount",
      label: "Email 2: discount",
      template: "abandoned_cart_2",
      contentPath: "discount.content",
    },
  ],
  post_purchase: [
    { id: "survey", label: "Survey email", template: "post_purchase_survey", contentPath: "content" },
  ],
  vip: [{ id: "welcome", label: "VIP welcome email", template: "vip_welcome", contentPath: "content" }],
  welcome: [
    { id: "welcome", label: "Email 1: welcome", template: "welcome_1", contentPath: "welcome.content" },
    {
      id: "follow_up",
      label: "Email 2: follow-up",
      template: "welcome_2",
      contentPath: "followUp.content",
    },
  ],
  winback: [{ id: "winback", label: "Win-back email", template: "winback", contentPath: "content" }],
};

export function stepContent<K extends CampaignKind>(
  kind: K,
  settings: CampaignSettings[K],
  stepId: string,
): StepContentSettings {
  if (kind === "abandoned_cart") {
    const s = settings as CampaignSettings["abandoned_cart"];
    return stepId === "discount" ? s.discount.content : s.reminder.content;
  }
  if (kind === "welcome") {
    const s = settings as CampaignSettings["welcome"];
    return stepId === "follow_up" ? s.followUp.content : s.welcome.content;
  }
  return (settings as CampaignSettings["post_purchase" | "vip" | "winback"]).content;
}

/** The settings with every optional email switched on (previews and tests of a step that is off). */
function withEveryStep<K extends CampaignKind>(kind: K, settings: CampaignSettings[K]): CampaignSettings[K] {
  if (kind === "abandoned_cart") {
    const s = settings as CampaignSettings["abandoned_cart"];
    return { ...s, discount: { ...s.discount, enabled: true } } as CampaignSettings[K];
  }
  if (kind === "welcome") {
    const s = settings as CampaignSettings["welcome"];
    return { ...s, followUp: { ...s.followUp, enabled: true } } as CampaignSettings[K];
  }
  return settings;
}

/**
 * The send step `stepId` as the campaign would run it, for previews and test emails — also when
 * the merchant has switched that step off (the discount email, the welcome follow-up), so it can be
 * tuned before it runs.
 */
export function sendStepFor<K extends CampaignKind>(
  kind: K,
  settings: CampaignSettings[K],
  stepId: string,
): SendStep | null {
  const all = withEveryStep(kind, settings);
  const step = buildDefinition(kind, all, { surveysCapped: true, abandonedCartSoftOptIn: false }).steps.find(
    (s) => s.kind === "send" && s.id === stepId,
  );
  return step?.kind === "send" ? step : null;
}
