// The settings form of each campaign: its emails (delay and texts), questions, discount, tiers.
// Controlled: the page holds the settings and gets every change through onChange.
import { BlockStack, Checkbox, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import type { CampaignKind } from "../../campaigns/kinds";
import type { CampaignSettings } from "../../campaigns/settings";
import { EDITABLE_STEPS } from "../../campaigns/steps";
import { errorsUnder, type FieldErrors } from "../../lib/form-errors";
import { NumberField } from "../number-field";
import { PageDeliveryFields, PageTranslationFields } from "./page-survey-fields";
import { OnlyWhenSection, QuestionsSection, Section } from "./sections";
import { StepContentFields } from "./step-content-fields";

export type CampaignForm = { [K in CampaignKind]: { kind: K; settings: CampaignSettings[K] } }[CampaignKind];

type SectionProps<K extends CampaignKind> = {
  settings: CampaignSettings[K];
  onChange: (settings: CampaignSettings[K]) => void;
  errors: FieldErrors;
  currency: string;
};

const HOUR = 60;
const DAY = 24 * 60;

function AbandonedCartFields({ settings: s, onChange, errors, currency }: SectionProps<"abandoned_cart">) {
  const [reminder, discount] = EDITABLE_STEPS.abandoned_cart;
  return (
    <BlockStack gap="400">
      <OnlyWhenSection
        idPrefix="cart"
        event="checkout_abandoned"
        conditions={s.conditions}
        currency={currency}
        errors={errors}
        always="Every checkout left with items and an email address starts the reminders. Add a condition to narrow it down, e.g. a minimum cart value."
        onChange={(conditions) => onChange({ ...s, conditions })}
      />
      <Section
        title={reminder!.label}
        description="Sent when a shopper leaves a checkout with items and an email address."
      >
        <NumberField
          label="Send after"
          suffix="hours"
          scale={HOUR}
          step={0.25}
          value={s.reminder.delayMinutes}
          error={errors["reminder.delayMinutes"]}
          onChange={(v) => onChange({ ...s, reminder: { ...s.reminder, delayMinutes: v ?? Number.NaN } })}
        />
        <StepContentFields
          idPrefix="reminder"
          template={reminder!.template}
          content={s.reminder.content}
          errors={errorsUnder(errors, "reminder.content")}
          onChange={(content) => onChange({ ...s, reminder: { ...s.reminder, content } })}
        />
      </Section>
      <QuestionsSection
        title="Questions in the reminder"
        questions={s.questions}
        min={0}
        max={3}
        errors={errors}
        onChange={(questions) => onChange({ ...s, questions })}
      />
      <Section
        title={discount!.label}
        description="A unique, single-use code for that customer, created in Shopify when the email goes out."
      >
        <Checkbox
          label="Send a discount email"
          checked={s.discount.enabled}
          onChange={(enabled) => onChange({ ...s, discount: { ...s.discount, enabled } })}
        />
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <NumberField
            label="Send after"
            suffix="hours"
            helpText="Counted from when the checkout was abandoned."
            scale={HOUR}
            value={s.discount.delayMinutes}
            error={errors["discount.delayMinutes"]}
            onChange={(v) => onChange({ ...s, discount: { ...s.discount, delayMinutes: v ?? Number.NaN } })}
          />
          <NumberField
            label="Discount"
            suffix="%"
            min={1}
            max={90}
            value={s.discount.percent}
            error={errors["discount.percent"]}
            onChange={(v) => onChange({ ...s, discount: { ...s.discount, percent: v ?? Number.NaN } })}
          />
          <NumberField
            label="Code expires after"
            suffix="days"
            min={1}
            max={60}
            value={s.discount.expiresInDays}
            error={errors["discount.expiresInDays"]}
            onChange={(v) => onChange({ ...s, discount: { ...s.discount, expiresInDays: v ?? Number.NaN } })}
          />
        </InlineGrid>
        <StepContentFields
          idPrefix="discount"
          template={discount!.template}
          content={s.discount.content}
          errors={errorsUnder(errors, "discount.content")}
          onChange={(content) => onChange({ ...s, discount: { ...s.discount, content } })}
        />
      </Section>
      <Section title="Recovered revenue">
        <NumberField
          label="Attribution window"
          suffix="days"
          helpText="An order placed within this many days after an email counts as recovered."
          min={1}
          max={30}
          value={s.attributionDays}
          error={errors.attributionDays}
          onChange={(v) => onChange({ ...s, attributionDays: v ?? Number.NaN })}
        />
      </Section>
    </BlockStack>
  );
}

function PostPurchaseFields({ settings: s, onChange, errors, currency }: SectionProps<"post_purchase">) {
  const [survey] = EDITABLE_STEPS.post_purchase;
  return (
    <BlockStack gap="400">
      <OnlyWhenSection
        idPrefix="survey"
        event="order_paid"
        conditions={s.conditions}
        currency={currency}
        errors={errors}
        always="Every order with an email address gets the survey. Add a condition to narrow it down, e.g. a minimum order value."
        onChange={(conditions) => onChange({ ...s, conditions })}
      />
      <Section title={survey!.label}>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <Select
            label="Start from"
            options={[
              { label: "Order fulfilled (physical goods)", value: "fulfilled" },
              { label: "Order paid (digital goods)", value: "paid" },
            ]}
            value={s.trigger}
            onChange={(trigger) => onChange({ ...s, trigger: trigger === "paid" ? "paid" : "fulfilled" })}
          />
          <NumberField
            label="Send after"
            suffix="days"
            scale={DAY}
            step={0.5}
            value={s.delayMinutes}
            error={errors.delayMinutes}
            onChange={(v) => onChange({ ...s, delayMinutes: v ?? Number.NaN })}
          />
          <NumberField
            label="Don't survey the same customer again for"
            suffix="days"
            min={0}
            max={365}
            value={s.cooldownDays}
            error={errors.cooldownDays}
            onChange={(v) => onChange({ ...s, cooldownDays: v ?? Number.NaN })}
          />
        </InlineGrid>
        <StepContentFields
          idPrefix="survey"
          template={survey!.template}
          content={s.content}
          errors={errorsUnder(errors, "content")}
          onChange={(content) => onChange({ ...s, content })}
        />
      </Section>
      <QuestionsSection
        title="Questions"
        questions={s.questions}
        min={1}
        max={3}
        errors={errors}
        onChange={(questions) => onChange({ ...s, questions })}
      />
      <Section title="Thank-you and Order status pages">
        <PageDeliveryFields settings={s} onChange={onChange} errors={errors} />
      </Section>
      {s.delivery !== "email_only" ? (
        <Section title="Translations of the pages">
          <PageTranslationFields settings={s} onChange={onChange} errors={errors} />
        </Section>
      ) : null}
    </BlockStack>
  );
}

function VipFields({ settings: s, onChange, errors, currency }: SectionProps<"vip">) {
  const [welcome] = EDITABLE_STEPS.vip;
  const tier = (name: "silver" | "gold", label: string) => (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {label}
      </Text>
      <InlineGrid columns={2} gap="200">
        <NumberField
          label="Orders at least"
          value={s.tiers[name].minOrders}
          min={1}
          placeholder="not used"
          error={errors[`tiers.${name}.minOrders`]}
          onChange={(minOrders) =>
            onChange({ ...s, tiers: { ...s.tiers, [name]: { ...s.tiers[name], minOrders } } })
          }
        />
        <NumberField
          label="Or spent at least"
          suffix={currency}
          integer={false}
          value={s.tiers[name].minSpent}
          min={0}
          placeholder="not used"
          error={errors[`tiers.${name}.minSpent`]}
          onChange={(minSpent) =>
            onChange({ ...s, tiers: { ...s.tiers, [name]: { ...s.tiers[name], minSpent } } })
          }
        />
      </InlineGrid>
    </BlockStack>
  );
  return (
    <BlockStack gap="400">
      <Section
        title="Tiers"
        description="A customer reaches a tier with either threshold. Leave a field empty to not use it."
      >
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          {tier("silver", "Silver")}
          {tier("gold", "Gold")}
        </InlineGrid>
        <TextField
          label="Shopify tag prefix"
          autoComplete="off"
          value={s.tagPrefix}
          error={errors.tagPrefix}
          helpText={`Customers are tagged ${s.tagPrefix}Silver or ${s.tagPrefix}Gold in Shopify.`}
          onChange={(tagPrefix) => onChange({ ...s, tagPrefix })}
        />
      </Section>
      <OnlyWhenSection
        idPrefix="vip"
        event="tier_upgraded"
        conditions={s.conditions}
        currency={currency}
        errors={errors}
        always="Every customer who moves up a tier gets the VIP email. Add a condition to narrow it down, e.g. Gold only."
        onChange={(conditions) => onChange({ ...s, conditions })}
      />
      <Section title={welcome!.label}>
        <StepContentFields
          idPrefix="welcome"
          template={welcome!.template}
          content={s.content}
          errors={errorsUnder(errors, "content")}
          onChange={(content) => onChange({ ...s, content })}
        />
      </Section>
      <QuestionsSection
        title="Questions"
        questions={s.questions}
        min={1}
        max={3}
        errors={errors}
        onChange={(questions) => onChange({ ...s, questions })}
      />
    </BlockStack>
  );
}

function WelcomeFields({ settings: s, onChange, errors, currency }: SectionProps<"welcome">) {
  const [welcome, followUp] = EDITABLE_STEPS.welcome;
  return (
    <BlockStack gap="400">
      <OnlyWhenSection
        idPrefix="welcome"
        event="customer_subscribed"
        conditions={s.conditions}
        currency={currency}
        errors={errors}
        always="Every customer who subscribes to your email marketing gets the welcome series. Add a condition to narrow it down, e.g. customers with no orders yet."
        onChange={(conditions) => onChange({ ...s, conditions })}
      >
        <Checkbox
          label="Start again when a customer unsubscribes and subscribes again"
          helpText="Off: each customer gets the welcome series once."
          checked={s.restartOnResubscribe}
          onChange={(restartOnResubscribe) => onChange({ ...s, restartOnResubscribe })}
        />
      </OnlyWhenSection>
      <Section
        title={welcome!.label}
        description="Sent when a customer subscribes to your email marketing. The series ends when they place their first order or unsubscribe."
      >
        <NumberField
          label="Send after"
          suffix="hours"
          scale={HOUR}
          step={0.25}
          value={s.welcome.delayMinutes}
          error={errors["welcome.delayMinutes"]}
          onChange={(v) => onChange({ ...s, welcome: { ...s.welcome, delayMinutes: v ?? Number.NaN } })}
        />
        <StepContentFields
          idPrefix="welcome"
          template={welcome!.template}
          content={s.welcome.content}
          errors={errorsUnder(errors, "welcome.content")}
          onChange={(content) => onChange({ ...s, welcome: { ...s.welcome, content } })}
        />
      </Section>
      <QuestionsSection
        title="Questions in the welcome email"
        description="Each answer goes to HubSpot, and the follow-up's texts can use it: {% if answers.shopping_for == 'gifts' %}…{% endif %}, or {{ answer_labels.shopping_for }} for the label."
        questions={s.questions}
        min={0}
        max={3}
        errors={errors}
        onChange={(questions) => onChange({ ...s, questions })}
      />
      <Section
        title={followUp!.label}
        description="Uses what the customer answered; the preview shows a customer who answered with the first choice."
      >
        <Checkbox
          label="Send a follow-up email"
          checked={s.followUp.enabled}
          onChange={(enabled) => onChange({ ...s, followUp: { ...s.followUp, enabled } })}
        />
        <NumberField
          label="Send after"
          suffix="days"
          helpText="Counted from the welcome email."
          scale={DAY}
          step={0.5}
          value={s.followUp.delayMinutes}
          error={errors["followUp.delayMinutes"]}
          onChange={(v) => onChange({ ...s, followUp: { ...s.followUp, delayMinutes: v ?? Number.NaN } })}
        />
        <StepContentFields
          idPrefix="follow-up"
          template={followUp!.template}
          content={s.followUp.content}
          errors={errorsUnder(errors, "followUp.content")}
          onChange={(content) => onChange({ ...s, followUp: { ...s.followUp, content } })}
        />
      </Section>
    </BlockStack>
  );
}

function WinbackFields({ settings: s, onChange, errors, currency }: SectionProps<"winback">) {
  const [winback] = EDITABLE_STEPS.winback;
  return (
    <BlockStack gap="400">
      <Section
        title="Who is lapsed"
        description="Customers whose last order is older than this get the win-back email, at most once per this many days. An order ends it."
      >
        <NumberField
          label="No order for"
          suffix="days"
          min={14}
          max={730}
          value={s.thresholdDays}
          error={errors.thresholdDays}
          onChange={(v) => onChange({ ...s, thresholdDays: v ?? Number.NaN })}
        />
      </Section>
      <OnlyWhenSection
        idPrefix="winback"
        event="customer_lapsed"
        conditions={s.conditions}
        currency={currency}
        errors={errors}
        always="Every lapsed customer gets the win-back email, however long ago they ordered. Add a condition to narrow it down."
        onChange={(conditions) => onChange({ ...s, conditions })}
      />
      <Section title={winback!.label}>
        <StepContentFields
          idPrefix="winback"
          template={winback!.template}
          content={s.content}
          errors={errorsUnder(errors, "content")}
          onChange={(content) => onChange({ ...s, content })}
        />
      </Section>
      <QuestionsSection
        title="Questions"
        questions={s.questions}
        min={0}
        max={3}
        errors={errors}
        onChange={(questions) => onChange({ ...s, questions })}
      />
      <Section
        title="Discount"
        description="A unique, single-use code for that customer, created in Shopify when the email goes out."
      >
        <Checkbox
          label="Include a discount code"
          checked={s.discount.enabled}
          onChange={(enabled) => onChange({ ...s, discount: { ...s.discount, enabled } })}
        />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <NumberField
            label="Discount"
            suffix="%"
            min={1}
            max={90}
            value={s.discount.percent}
            error={errors["discount.percent"]}
            onChange={(v) => onChange({ ...s, discount: { ...s.discount, percent: v ?? Number.NaN } })}
          />
          <NumberField
            label="Code expires after"
            suffix="days"
            min={1}
            max={60}
            value={s.discount.expiresInDays}
            error={errors["discount.expiresInDays"]}
            onChange={(v) => onChange({ ...s, discount: { ...s.discount, expiresInDays: v ?? Number.NaN } })}
          />
        </InlineGrid>
      </Section>
      <Section title="Won-back revenue">
        <NumberField
          label="Attribution window"
          suffix="days"
          helpText="An order placed within this many days after the email counts as won back."
          min={1}
          max={60}
          value={s.attributionDays}
          error={errors.attributionDays}
          onChange={(v) => onChange({ ...s, attributionDays: v ?? Number.NaN })}
        />
      </Section>
    </BlockStack>
  );
}

export function CampaignFields(props: {
  form: CampaignForm;
  onChange: (form: CampaignForm) => void;
  errors: FieldErrors;
  currency: string;
}) {
  const { form, errors, currency } = props;
  switch (form.kind) {
    case "abandoned_cart":
      return (
        <AbandonedCartFields
          settings={form.settings}
          errors={errors}
          currency={currency}
          onChange={(settings) => props.onChange({ kind: form.kind, settings })}
        />
      );
    case "post_purchase":
      return (
        <PostPurchaseFields
          settings={form.settings}
          errors={errors}
          currency={currency}
          onChange={(settings) => props.onChange({ kind: form.kind, settings })}
        />
      );
    case "vip":
      return (
        <VipFields
          settings={form.settings}
          errors={errors}
          currency={currency}
          onChange={(settings) => props.onChange({ kind: form.kind, settings })}
        />
      );
    case "welcome":
      return (
        <WelcomeFields
          settings={form.settings}
          errors={errors}
          currency={currency}
          onChange={(settings) => props.onChange({ kind: form.kind, settings })}
        />
      );
    case "winback":
      return (
        <WinbackFields
          settings={form.settings}
          errors={errors}
          currency={currency}
          onChange={(settings) => props.onChange({ kind: form.kind, settings })}
        />
      );
  }
}
