// A campaign is data, run by one engine (engine.ts): what starts it (a trigger event and entry
// conditions), who may receive it (consent), its steps, what ends it early (exits) and who may
// enter again (re-entry). Validated with zod; the built-in campaigns are built here from a shop's
// settings. Every field below is read by the engine — a field nothing reads does not belong.
import { z } from "zod";
import { TEMPLATE_KEYS } from "../email/outgoing";
import { TRIGGER_EVENTS, WAIT_EVENTS } from "./campaign-events";
import { CONDITION_FIELDS, conditionSchema } from "./conditions";
import { CAMPAIGN_KINDS, type CampaignKind } from "./kinds";
import { questionSchema } from "./questions";
import { stepContentSchema, type CampaignSettings } from "./settings";

const stepId = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/);
const minutes = z.number().int().min(0);

export const stepSchema = z.discriminatedUnion("kind", [
  /** Wait a fixed time, counted from entry or from the previous step. */
  z.object({ kind: z.literal("delay"), id: stepId, minutes, from: z.enum(["entry", "previous"]) }),
  /** Send one email, or one text (`channel: "sms"`; absent: email). */
  z.object({
    kind: z.literal("send"),
    id: stepId,
    channel: z.enum(["email", "sms"]).optional(),
    template: z.enum(TEMPLATE_KEYS),
    content: stepContentSchema,
    questions: z.array(questionSchema).max(3),
    discount: z
      .object({ percent: z.number().int().min(1).max(90), expiresInDays: z.number().int().min(1) })
      .optional(),
    /** Counts towards the frequency cap (surveys may be exempted by the merchant). */
    capped: z.boolean(),
  }),
  /**
   * Wait up to `minutes` (from entry or the previous step) for the customer's `event`. If it comes
   * while the journey waits here, `onEvent` decides: "exit" ends the journey, "continue" ends the
   * wait at once (the next email is due then). Without the event the journey goes on at the timeout.
   */
  z.object({
    kind: z.literal("waitFor"),
    id: stepId,
    event: z.enum(WAIT_EVENTS),
    minutes,
    from: z.enum(["entry", "previous"]),
    onEvent: z.enum(["exit", "continue"]),
  }),
  /** End the journey. */
  z.object({ kind: z.literal("exit"), id: stepId, reason: z.string().min(1) }),
]);
export type Step = z.infer<typeof stepSchema>;
export type SendStep = Extract<Step, { kind: "send" }>;
export type WaitForStep = Extract<Step, { kind: "waitFor" }>;

/**
 * What ends a running journey early. Each is evaluated when its event arrives (an order, a
 * completed checkout, a suppression, a consent change) and again right before every email.
 */
export const exitConditionSchema = z.enum([
  /** An order (or completed checkout) from the journey's own checkout. */
  "order_with_checkout_token",
  /** Any order of the same customer reaching Replyloop while the journey runs. */
  "order_by_customer_since_entry",
  /** The address unsubscribed (one click in one of our emails). */
  "unsubscribed",
  /** The address bounced, was reported as spam, dropped or suppressed by hand. */
  "suppressed",
  /** The customer's marketing consent no longer allows this campaign (consent below). */
  "consent_withdrawn",
  /** The journey's order was answered on the store's Thank-you or Order status page (`page` below). */
  "answered_on_page",
]);
export type ExitCondition = z.infer<typeof exitConditionSchema>;

/** Exits every campaign must have: nobody who opted out or cannot be reached gets another email. */
export const REQUIRED_EXITS: readonly ExitCondition[] = ["unsubscribed", "suppressed", "consent_withdrawn"];

export const definitionSchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    trigger: z.object({
      /** The event that starts a journey (campaign-events.ts; its subject extractor names the journey). */
      event: z.enum(TRIGGER_EVENTS),
      /** Entry conditions: all must hold when the event arrives, or the customer is skipped with the reason. */
      conditions: z.array(conditionSchema),
      /**
       * The campaign may also be started on request for one customer (`survey_requested`: Shopify
       * Flow's "Send a Replyloop survey"); the request's entry checks only the conditions it knows.
       */
      onDemand: z.boolean().optional(),
    }),
    /**
     * The campaign's questions are also asked on the store's Thank-you and Order status pages:
     * "before_email" — the email goes only to who did not answer there (with the `answered_on_page`
     * exit); "instead_of_email" — no email at all (nobody enters); "off" or absent — email only.
     */
    page: z.enum(["off", "before_email", "instead_of_email"]).optional(),
    /**
     * Email marketing consent is required to enter and to receive each email. `softOptIn` also
     * lets in an existing customer (ordered before) who never unsubscribed.
     */
    consent: z.object({ softOptIn: z.boolean() }),
    exits: z.array(exitConditionSchema),
    /**
     * One journey per subject (checkout, order, tier reached) is guaranteed by the subject key;
     * these limit the customer beyond that.
     */
    reentry: z.object({
      /** No new journey while the customer has an active one in this campaign. */
      oneActivePerCustomer: z.boolean(),
      /** Days after a journey started during which the customer cannot enter again. */
      cooldownDays: z.number().int().min(0),
      /** A customer who ever had a journey in this campaign never enters it again. */
      oncePerCustomer: z.boolean().optional(),
    }),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((d, ctx) => {
    const ids = d.steps.map((s) => s.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: "custom", message: "step ids must be unique", path: ["steps"] });
    if (!d.steps.some((s) => s.kind === "send"))
      ctx.addIssue({ code: "custom", message: "a campaign sends at least one email", path: ["steps"] });
    for (const exit of REQUIRED_EXITS)
      if (!d.exits.includes(exit))
        ctx.addIssue({ code: "custom", message: `every campaign exits on "${exit}"`, path: ["exits"] });
    d.trigger.conditions.forEach((c, i) => {
      if (!CONDITION_FIELDS[c.field].events.includes(d.trigger.event))
        ctx.addIssue({
          code: "custom",
          message: `"${c.field}" is not known when "${d.trigger.event}" happens`,
          path: ["trigger", "conditions", i, "field"],
        });
    });
  });
export type CampaignDefinition = z.infer<typeof definitionSchema>;

const PAGE_MODES = {
  page_then_email: "before_email",
  page_only: "instead_of_email",
  email_only: "off",
} as const satisfies Record<CampaignSettings["post_purchase"]["delivery"], CampaignDefinition["page"]>;

export type BuildOptions = {
  /** Surveys count towards the frequency cap (the shop's setting). */
  surveysCapped: boolean;
  /** The shop lets the abandoned-cart campaign use soft opt-in. */
  abandonedCartSoftOptIn: boolean;
};

/** The campaign a shop runs for `kind`, from its settings. Throws if settings make no valid campaign (a bug). */
export function buildDefinition<K extends CampaignKind>(
  kind: K,
  settings: CampaignSettings[K],
  options: BuildOptions,
): CampaignDefinition {
  const raw = rawDefinition(kind, settings, options);
  return definitionSchema.parse({ ...raw, steps: withTexts(raw.steps) });
}

/** A send step that texts (its channel is "sms"). */
export const isText = (step: Step): step is SendStep => step.kind === "send" && step.channel === "sms";

/** Whether the campaign sends any email (then email consent is what lets a customer in). */
export const sendsEmail = (definition: Pick<CampaignDefinition, "steps">) =>
  definition.steps.some((s) => s.kind === "send" && !isText(s));

/**
 * A step of any campaign can be a text instead of its email, or a text after it, as the step's
 * content says (`content.sms`, edited with the email's texts). The text after an email is the same
 * step's second touch: it waits `delayMinutes` after the email, carries no discount of its own (the
 * email's code is in its Liquid data) and is not held back by the frequency cap its own email just
 * used (docs/decisions/0019-two-way-sms.md).
 */
export function withTexts(steps: Step[]): Step[] {
  return steps.flatMap((step): Step[] => {
    if (step.kind !== "send" || step.channel === "sms") return [step];
    const sms = step.content.sms;
    if (!sms || sms.mode === "email") return [step];
    if (sms.mode === "sms") return [{ ...step, channel: "sms" }];
    const { discount: _emailOnly, ...text } = step;
    return [
      step,
      { kind: "delay", id: `${step.id}_text_wait`, minutes: sms.delayMinutes, from: "previous" },
      { ...text, id: `${step.id}_text`, channel: "sms", capped: false },
    ];
  });
}

function rawDefinition(
  kind: CampaignKind,
  settings: CampaignSettings[CampaignKind],
  options: BuildOptions,
): CampaignDefinition {
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
        trigger: { event: "checkout_abandoned", conditions: s.conditions },
        consent: { softOptIn: options.abandonedCartSoftOptIn },
        exits: ["order_with_checkout_token", "order_by_customer_since_entry", ...REQUIRED_EXITS],
        reentry: { oneActivePerCustomer: true, cooldownDays: 0 },
        steps,
      };
    }
    case "post_purchase": {
      const s = settings as CampaignSettings["post_purchase"];
      const page = PAGE_MODES[s.delivery];
      return {
        kind,
        trigger: {
          event: s.trigger === "paid" ? "order_paid" : "order_fulfilled",
          conditions: s.conditions,
          onDemand: true,
        },
        page,
        consent: { softOptIn: false },
        exits: [...REQUIRED_EXITS, ...(page === "before_email" ? ["answered_on_page" as const] : [])],
        reentry: { oneActivePerCustomer: true, cooldownDays: s.cooldownDays },
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
        trigger: { event: "tier_upgraded", conditions: s.conditions },
        consent: { softOptIn: false },
        exits: [...REQUIRED_EXITS],
        reentry: { oneActivePerCustomer: false, cooldownDays: 0 },
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
    case "welcome": {
      const s = settings as CampaignSettings["welcome"];
      const steps: Step[] = [
        { kind: "delay", id: "wait_welcome", minutes: s.welcome.delayMinutes, from: "entry" },
        {
          kind: "send",
          id: "welcome",
          template: "welcome_1",
          content: s.welcome.content,
          questions: s.questions,
          capped: true,
        },
      ];
      if (s.followUp.enabled)
        steps.push(
          { kind: "delay", id: "wait_follow_up", minutes: s.followUp.delayMinutes, from: "previous" },
          {
            kind: "send",
            id: "follow_up",
            template: "welcome_2",
            content: s.followUp.content,
            questions: [],
            capped: true,
          },
        );
      steps.push({ kind: "exit", id: "done", reason: "welcome series sent" });
      return {
        kind,
        trigger: { event: "customer_subscribed", conditions: s.conditions },
        consent: { softOptIn: false },
        // The first order ends the series: a welcome is for customers who have not bought yet.
        exits: ["order_by_customer_since_entry", ...REQUIRED_EXITS],
        reentry: { oneActivePerCustomer: true, cooldownDays: 0, oncePerCustomer: !s.restartOnResubscribe },
        steps,
      };
    }
    case "winback": {
      const s = settings as CampaignSettings["winback"];
      return {
        kind,
        trigger: { event: "customer_lapsed", conditions: s.conditions },
        consent: { softOptIn: false },
        exits: ["order_by_customer_since_entry", ...REQUIRED_EXITS],
        // At most once per threshold: a customer who stays away is asked again a threshold later.
        reentry: { oneActivePerCustomer: true, cooldownDays: s.thresholdDays },
        steps: [
          {
            kind: "send",
            id: "winback",
            template: "winback",
            content: s.content,
            questions: s.questions,
            ...(s.discount.enabled
              ? { discount: { percent: s.discount.percent, expiresInDays: s.discount.expiresInDays } }
              : {}),
            capped: true,
          },
          { kind: "exit", id: "done", reason: "win-back email sent" },
        ],
      };
    }
  }
}
