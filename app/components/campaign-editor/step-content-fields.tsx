// The texts of one email: subject, preheader, heading, body and button label. Empty fields use the
// template's text (shown as the placeholder). Liquid errors appear under the field with their line.
import { BlockStack, Select, TextField } from "@shopify/polaris";
import type { SmsMode, StepContentSettings } from "../../campaigns/settings";
import { DEFAULT_SMS_TEXT } from "../../sms/text";
import type { TemplateKey } from "../../email/outgoing";
import { TEMPLATES } from "../../email/templates/defaults";
import type { FieldErrors } from "../../lib/form-errors";

type Field = Exclude<keyof StepContentSettings, "sms">;
const FIELDS: { field: Field; label: string; multiline?: number; help?: string }[] = [
  { field: "subject", label: "Subject" },
  { field: "preheader", label: "Preheader", help: "The preview line most inboxes show after the subject." },
  { field: "heading", label: "Heading" },
  {
    field: "body",
    label: "Body",
    multiline: 6,
    help: "Blank lines separate paragraphs. Liquid works: {{ customer.first_name }}, {{ shop.name }} …",
  },
  { field: "buttonLabel", label: "Button label" },
];

const MODES: { label: string; value: SmsMode }[] = [
  { label: "Email", value: "email" },
  { label: "A text (SMS) instead of the email", value: "sms" },
  { label: "The email, then a text (SMS)", value: "email_then_sms" },
];

/** How the step reaches the customer: by email, by a text instead, or by the email and then a text. */
function SmsFields(props: {
  idPrefix: string;
  content: StepContentSettings;
  onChange: (content: StepContentSettings) => void;
  errors: FieldErrors;
}) {
  const sms = props.content.sms ?? { mode: "email" as const, text: "", delayMinutes: 60 };
  const set = (change: Partial<typeof sms>) =>
    props.onChange({ ...props.content, sms: { ...sms, ...change } });
  return (
    <BlockStack gap="300">
      <Select
        id={`${props.idPrefix}-sms-mode`}
        label="Send as"
        options={MODES}
        value={sms.mode}
        onChange={(mode) => set({ mode: MODES.find((m) => m.value === mode)?.value ?? "email" })}
        helpText="Texts go only to customers subscribed to SMS marketing, from your Twilio number (the SMS page)."
      />
      {sms.mode === "email" ? null : (
        <TextField
          id={`${props.idPrefix}-sms-text`}
          label="Text"
          autoComplete="off"
          multiline={3}
          maxLength={480}
          showCharacterCount
          value={sms.text}
          placeholder={DEFAULT_SMS_TEXT}
          error={props.errors["sms.text"]}
          helpText="Liquid works, as in the email. The step's first question follows (“Reply 0–10”, “Reply 1 for …”), then “Reply STOP to opt out.”"
          onChange={(text) => set({ text })}
        />
      )}
      {sms.mode === "email_then_sms" ? (
        <TextField
          id={`${props.idPrefix}-sms-delay`}
          label="Text after the email"
          type="number"
          suffix="minutes"
          autoComplete="off"
          value={String(sms.delayMinutes)}
          error={props.errors["sms.delayMinutes"]}
          onChange={(value) => set({ delayMinutes: value === "" ? 0 : Number(value) })}
        />
      ) : null}
    </BlockStack>
  );
}

export function StepContentFields(props: {
  idPrefix: string;
  template: TemplateKey;
  content: StepContentSettings;
  onChange: (content: StepContentSettings) => void;
  errors: FieldErrors;
}) {
  const defaults = TEMPLATES[props.template].texts;
  return (
    <BlockStack gap="300">
      <SmsFields
        idPrefix={props.idPrefix}
        content={props.content}
        onChange={props.onChange}
        errors={props.errors}
      />
      {FIELDS.map(({ field, label, multiline, help }) => (
        <TextField
          key={field}
          id={`${props.idPrefix}-${field}`}
          label={label}
          autoComplete="off"
          multiline={multiline}
          value={props.content[field] ?? ""}
          placeholder={defaults[field]}
          helpText={help ?? "Leave empty to use the text shown."}
          error={props.errors[field]}
          onChange={(value) =>
            props.onChange({ ...props.content, [field]: value === "" ? undefined : value })
          }
        />
      ))}
    </BlockStack>
  );
}
