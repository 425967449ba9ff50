// The texts of one email: subject, preheader, heading, body and button label. Empty fields use the
// template's text (shown as the placeholder). Liquid errors appear under the field with their line.
import { BlockStack, TextField } from "@shopify/polaris";
import type { StepContentSettings } from "../../campaigns/settings";
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
