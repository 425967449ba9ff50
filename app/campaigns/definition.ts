// A campaign is data: a trigger, a consent policy, steps, exit conditions and a re-entry rule,
// validated with zod and run by one engine (engine.ts). The three built-in campaigns are built here
// from a shop's settings.
import { z } from "zod";
import { TEMPLATE_KEYS } from "../email/outgoing";
import { CAMPAIGN_KINDS, type CampaignKind } from "./kinds";
import { questionSchema } from "./questions";
import { stepContentSchema, type CampaignSettings } from "./settings";

const stepId = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/);
const minutes = z.number().int().min(0);

export const stepSchema = z.discriminatedUnion("kind", [
  /** Wait a fixed time, counted from entry or from the previous step. */
  z.object({ kind: z.literal("delay"), id: stepId, minutes, from: z.enum(["entry", "previous"]) }),
  /** Send one email. */
  z.object({
    kind: z.literal("send"),
    id: stepId,
    template: z.enum(TEMPLATE_KEYS),
    content: stepContentSchema,
    questions: z.array(questionSchema).max(3),
    discount: z
      .object({ percent: z.number().int().min(1).max(90), expiresInDays: z.number().int().min(1) })
      .optional(),
    /** Counts towards the frequency cap (surveys may be exempted by the merchant). */
    capped: z.boolean(),
  }),
  /** Wait up to `minutes` for an event; if it happens, `onEvent` decides. */
  z.object({
    kind: z.literal("waitFor"),
    id: stepId,
    event: z.enum(["order_placed"]),
    minutes,
    from: z.enum(["entry", "previous"]),
    onEvent: z.enum(["exit", "continue"]),
  }),
  /** End the journey. */
  z.object({ kind: z.literal("exit"), id: stepId, reason: z.string().min(1) }),
]);
export type Step = z.infer<typeof stepSchema>;
export type SendStep = Extract<Step, { kind: "send" }>;

export const exitConditionSchema = z.enum([
  "order_with_checkout_token",
  "order_by_customer_since_entry",
  "unsubscribed",
  "suppressed",
  "consent_withdrawn",
]);
export type ExitCondition = z.infer<typeof exitConditionSchema>;

export const definitionSchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    trigger: z.object({
      topics: z.array(z.string()).min(1),
      /** Named entry filter (engine.ts): what makes an event a start of this campaign. */
      filter: z.enum(["abandoned_checkout", "order", "tier_upgrade"]),
    }),
    consent: z.enum(["marketing"]),
    exits: z.array(exitConditionSchema),
    reentry: z.object({
      /** One journey per subject (checkout, order, tier change) ever. */
      oncePerSubject: z.literal(true),
      /** No new journey while the customer has an active one in this campaign. */
      oneActivePerCustomer: z.boolean(),
      /** Days after a journey started during which the customer cannot enter again. */
      cooldownDays: z.number().int().min(0),
    }),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((d, ctx) => {
    const ids = d.steps.map((s) => s.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: "custom", message: "step ids must be unique", path: ["steps"] });
    if (!d.steps.some((s) => s.kind === "send"))
      ctx.addIssue({ code: "custom", message: "a campaign sends at least one email", path: ["steps"] });
  });
export type CampaignDefinition = z.infer<typeof definitionSchema>;

const ALWAYS_EXIT: ExitCondition[] = ["unsubscribed", "suppressed", "consent_withdrawn"];

/** The campaign a shop runs for `kind`, from its settings. Throws if settings make no valid campaign (a bug). */
export function buildDefinition<K extends CampaignKind>(
  kind: K,
  settings: CampaignSettings[K],
  options: { surveysCapped: boolean },
): CampaignDefinition {
  return definitionSchema.parse(rawDefinition(kind, settings, options));
}

function rawDefinition(
  kind: CampaignKind,
  settings: CampaignSettings[CampaignKind],
  options: { surveysCapped: boolean },
): unknown {
  switch (kind) {
    case "abandoned_cart": {
      const s = settings as CampaignSettings["abandoned_cart"];
      const steps: Step[] = [
        { kind: "delay", id: "wait_reminder", minutes: s.reminder.delayMinutes, from: "entry" },
        {
          kind: "send",
          id: "reminder",
          template: "abandoned_cart_1",
          content: s.reminder.content,
          questions: s.questions,
          capped: true,
        },
      ];
      if (s.discount.enabled) {
        steps.push(
          {
            kind: "waitFor",
            id: "wait_discount",
            event: "order_placed",
            minutes: s.discount.delayMinutes,
            from: "entry",
            onEvent: "exit",
          },
          {
            kind: "send",
            id: "discount",
            template: "abandoned_cart_2",
            content: s.discount.content,
            questions: [],
            discount: { percent: s.discount.percent, expiresInDays: s.discount.expiresInDays },
            capped: true,
          },
        );
      }
      steps.push({ kind: "exit", id: "done", reason: "all emails sent" });
      return {
        kind,
        trigger: { topics: ["checkouts/create", "checkouts/update"], filter: "abandoned_checkout" },
        consent: "marketing",
        exits: ["order_with_checkout_token", "order_by_customer_since_entry", ...ALWAYS_EXIT],
        reentry: { oncePerSubject: true, oneActivePerCustomer: true, cooldownDays: 0 },
        steps,
      };
    }
    case "post_purchase": {
      const s = settings as CampaignSettings["post_purchase"];
      return {
        kind,
        trigger: { topics: [s.trigger === "paid" ? "orders/paid" : "orders/fulfilled"], filter: "order" },
        consent: "marketing",
        exits: ALWAYS_EXIT,
        reentry: { oncePerSubject: true, oneActivePerCustomer: true, cooldownDays: s.cooldownDays },
        steps: [
          { kind: "delay", id: "wait_survey", minutes: s.delayMinutes, from: "entry" },
          {
            kind: "send",
            id: "survey",
            template: "post_purchase_survey",
            content: s.content,
            questions: s.questions,
            capped: options.surveysCapped,
          },
          { kind: "exit", id: "done", reason: "survey sent" },
        ],
      };
    }
    case "vip": {
      const s = settings as CampaignSettings["vip"];
      return {
        kind,
        trigger: { topics: ["customers/purchasing_summary", "orders/paid"], filter: "tier_upgrade" },
        consent: "marketing",
        exits: ALWAYS_EXIT,
        reentry: { oncePerSubject: true, oneActivePerCustomer: false, cooldownDays: 0 },
        steps: [
          {
            kind: "send",
            id: "welcome",
            template: "vip_welcome",
            content: s.content,
            questions: s.questions,
            capped: true,
          },
          { kind: "exit", id: "done", reason: "VIP email sent" },
        ],
      };
    }
  }
}
