// "Only when…": a campaign's entry conditions, one row each (what, how, value). Amounts are typed in
// the store's currency and stored in its minor units. Controlled, like the rest of the editor.
import { BlockStack, Button, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import {
  CONDITION_FIELDS,
  defaultCondition,
  MAX_CONDITIONS,
  OP_LABELS,
  OPS_FOR_TYPE,
  withOp,
  withValue,
  type Condition,
  type ConditionField,
} from "../../campaigns/conditions";
import type { FieldErrors } from "../../lib/form-errors";
import { fractionDigits } from "../../lib/money";
import { NumberField } from "../number-field";

const isField = (fields: ConditionField[], value: string): value is ConditionField =>
  (fields as string[]).includes(value);

function ValueField(props: {
  id: string;
  condition: Condition;
  currency: string;
  error?: string;
  onChange: (condition: Condition) => void;
}) {
  const { condition, currency } = props;
  const set = (value: number | string) => props.onChange(withValue(condition, value));
  switch (CONDITION_FIELDS[condition.field].type) {
    case "money":
      return (
        <NumberField
          label="Amount"
          suffix={currency}
          integer
          scale={10 ** fractionDigits(currency)}
          step={1 / 10 ** fractionDigits(currency)}
          min={0}
          value={typeof condition.value === "number" ? condition.value : null}
          error={props.error}
          onChange={(v) => set(v ?? Number.NaN)}
        />
      );
    case "count":
      return (
        <NumberField
          label="Number"
          min={0}
          value={typeof condition.value === "number" ? condition.value : null}
          error={props.error}
          onChange={(v) => set(v ?? Number.NaN)}
        />
      );
    case "tag":
      return (
        <TextField
          id={props.id}
          label="Tag"
          autoComplete="off"
          value={String(condition.value)}
          error={props.error}
          onChange={set}
        />
      );
    case "tier":
      return (
        <Select
          id={props.id}
          label="Tier"
          options={[
            { label: "Silver", value: "silver" },
            { label: "Gold", value: "gold" },
          ]}
          value={String(condition.value)}
          error={props.error}
          onChange={set}
        />
      );
  }
}

export function ConditionsEditor(props: {
  idPrefix: string;
  conditions: Condition[];
  /** The fields this campaign's trigger knows. */
  fields: ConditionField[];
  currency: string;
  /** Errors under "conditions" ("0.value" …). */
  errors: FieldErrors;
  /** What happens without conditions, in the merchant's words. */
  always: string;
  onChange: (conditions: Condition[]) => void;
}) {
  const { conditions, fields, errors } = props;
  const set = (i: number, condition: Condition) =>
    props.onChange(conditions.map((c, j) => (j === i ? condition : c)));
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {conditions.length === 0
          ? props.always
          : "Every condition must hold when it happens; otherwise the customer is skipped, with the reason on their timeline."}
      </Text>
      {errors[""] ? (
        <Text as="p" tone="critical">
          {errors[""]}
        </Text>
      ) : null}
      {conditions.map((condition, i) => (
        <InlineGrid key={i} columns={{ xs: 1, md: "2fr 2fr 2fr auto" }} gap="200" alignItems="end">
          <Select
            id={`${props.idPrefix}-condition-${i}-field`}
            label={`Condition ${i + 1}`}
            options={fields.map((f) => ({ label: CONDITION_FIELDS[f].label, value: f }))}
            value={condition.field}
            error={errors[`${i}.field`]}
            onChange={(field) => isField(fields, field) && set(i, defaultCondition(field))}
          />
          <Select
            id={`${props.idPrefix}-condition-${i}-op`}
            label="Rule"
            options={OPS_FOR_TYPE[CONDITION_FIELDS[condition.field].type].map((op) => ({
              label: OP_LABELS[op],
              value: op,
            }))}
            value={condition.op}
            error={errors[`${i}.op`]}
            onChange={(op) => set(i, withOp(condition, op))}
          />
          <ValueField
            id={`${props.idPrefix}-condition-${i}-value`}
            condition={condition}
            currency={props.currency}
            error={errors[`${i}.value`]}
            onChange={(next) => set(i, next)}
          />
          <Button
            accessibilityLabel={`Remove condition ${i + 1}`}
            onClick={() => props.onChange(conditions.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </InlineGrid>
      ))}
      <div>
        <Button
          disabled={conditions.length >= MAX_CONDITIONS || fields.length === 0}
          onClick={() => props.onChange([...conditions, defaultCondition(fields[0]!)])}
        >
          Add condition
        </Button>
      </div>
    </BlockStack>
  );
}
