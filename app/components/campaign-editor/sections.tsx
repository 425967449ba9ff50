// The cards every campaign's form is made of: a titled section, "Only when…" (the entry
// conditions of the campaign's trigger) and the questions of an email.
import type { ReactNode } from "react";
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { TriggerEventType } from "../../campaigns/campaign-events";
import { fieldsFor, type Condition } from "../../campaigns/conditions";
import type { Question } from "../../campaigns/questions";
import { errorsUnder, type FieldErrors } from "../../lib/form-errors";
import { ConditionsEditor } from "./conditions-editor";
import { QuestionsEditor } from "./questions-editor";

export function Section(props: { title: string; children: ReactNode; description?: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {props.title}
        </Text>
        {props.description ? (
          <Text as="p" tone="subdued">
            {props.description}
          </Text>
        ) : null}
        {props.children}
      </BlockStack>
    </Card>
  );
}

/** The campaign's entry conditions, on the fields its trigger `event` knows. */
export function OnlyWhenSection(props: {
  idPrefix: string;
  event: TriggerEventType;
  conditions: Condition[];
  currency: string;
  /** The whole form's errors; this section reads those under "conditions". */
  errors: FieldErrors;
  /** What happens without conditions, in the merchant's words. */
  always: string;
  onChange: (conditions: Condition[]) => void;
  /** More entry rules of this campaign, under the conditions. */
  children?: ReactNode;
}) {
  return (
    <Section title="Only when…">
      <ConditionsEditor
        idPrefix={props.idPrefix}
        conditions={props.conditions}
        fields={fieldsFor(props.event)}
        currency={props.currency}
        errors={errorsUnder(props.errors, "conditions")}
        always={props.always}
        onChange={props.onChange}
      />
      {props.children}
    </Section>
  );
}

/** An email's questions (`min`–`max` of them). */
export function QuestionsSection(props: {
  title: string;
  description?: string;
  questions: Question[];
  min: number;
  max: number;
  /** The whole form's errors; this section reads those under "questions". */
  errors: FieldErrors;
  onChange: (questions: Question[]) => void;
}) {
  return (
    <Section title={props.title} description={props.description}>
      <QuestionsEditor
        questions={props.questions}
        min={props.min}
        max={props.max}
        errors={errorsUnder(props.errors, "questions")}
        onChange={props.onChange}
      />
    </Section>
  );
}
