// The questions an email asks and their answer choices, each shown with the HubSpot property (and
// option values) the answers are written to. Follow-up questions (e.g. NPS promoter / passive /
// detractor) are edited the same way; which answers lead to them stays as the campaign defines it.
import {
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { FollowUp, Question } from "../../campaigns/questions";
import { questionPropertyName } from "../../crm/properties";
import { errorsUnder, type FieldErrors } from "../../lib/form-errors";
import { NumberField } from "../number-field";

type Choice = { value: string; label: string };

const KIND_OPTIONS = [
  { label: "Choice (one click per answer)", value: "choice" },
  { label: "Scale (e.g. 0–10)", value: "scale" },
  { label: "Yes / no", value: "yes_no" },
];

/** A question turned into another kind keeps its key and prompt; follow-ups belong to the old kind. */
function withKind(q: Question, kind: string): Question {
  const base = { key: q.key, prompt: q.prompt };
  if (kind === "scale") return { ...base, kind: "scale", min: 0, max: 10 };
  if (kind === "yes_no") return { ...base, kind: "yes_no" };
  return {
    ...base,
    kind: "choice",
    choices: [
      { value: "yes", label: "Yes" },
      { value: "no", label: "No" },
    ],
  };
}

const snake = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40) || "answer";

function ChoicesEditor(props: {
  idPrefix: string;
  choices: Choice[];
  onChange: (choices: Choice[]) => void;
  errors: FieldErrors;
}) {
  const set = (i: number, choice: Choice) =>
    props.onChange(props.choices.map((c, j) => (j === i ? choice : c)));
  return (
    <BlockStack gap="200">
      <Text as="h4" variant="headingSm">
        Answer choices
      </Text>
      {props.errors[""] ? (
        <Text as="p" tone="critical">
          {props.errors[""]}
        </Text>
      ) : null}
      {props.choices.map((choice, i) => (
        <InlineGrid key={i} columns={{ xs: 1, md: "2fr 2fr auto" }} gap="200" alignItems="end">
          <TextField
            id={`${props.idPrefix}-choice-${i}-label`}
            label={`Choice ${i + 1}`}
            autoComplete="off"
            value={choice.label}
            error={props.errors[`${i}.label`]}
            onChange={(label) => set(i, { ...choice, label })}
          />
          <TextField
            id={`${props.idPrefix}-choice-${i}-value`}
            label="HubSpot value"
            autoComplete="off"
            value={choice.value}
            error={props.errors[`${i}.value`]}
            onChange={(value) => set(i, { ...choice, value })}
          />
          <Button
            accessibilityLabel={`Remove choice ${i + 1}`}
            disabled={props.choices.length <= 2}
            onClick={() => props.onChange(props.choices.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </InlineGrid>
      ))}
      <InlineStack>
        <Button
          disabled={props.choices.length >= 8}
          onClick={() =>
            props.onChange([
              ...props.choices,
              {
                label: `Choice ${props.choices.length + 1}`,
                value: snake(`choice ${props.choices.length + 1}`),
              },
            ])
          }
        >
          Add choice
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

function FollowUpEditor(props: {
  id: string;
  after: string[];
  question: FollowUp;
  onChange: (q: FollowUp) => void;
  errors: FieldErrors;
}) {
  const f = props.question;
  return (
    <Box borderColor="border" borderWidth="025" borderRadius="200" padding="300">
      <BlockStack gap="200">
        <Text as="p" variant="bodyMd" fontWeight="semibold">
          Asked after the answer {props.after.join(", ")}
        </Text>
        <InlineGrid columns={{ xs: 1, md: "2fr 1fr" }} gap="200">
          <TextField
            id={`${props.id}-prompt`}
            label="Follow-up question"
            autoComplete="off"
            value={f.prompt}
            error={props.errors.prompt}
            onChange={(prompt) => props.onChange({ ...f, prompt })}
          />
          <TextField
            id={`${props.id}-key`}
            label="Key"
            autoComplete="off"
            value={f.key}
            error={props.errors.key}
            onChange={(key) => props.onChange({ ...f, key })}
          />
        </InlineGrid>
        <Text as="p" tone="subdued" breakWord>
          Answers go to the HubSpot contact property <b>{questionPropertyName(f.key)}</b>, one option per
          “HubSpot value” below.
        </Text>
        <ChoicesEditor
          idPrefix={props.id}
          choices={f.choices}
          errors={errorsUnder(props.errors, "choices")}
          onChange={(choices) => props.onChange({ ...f, choices })}
        />
      </BlockStack>
    </Box>
  );
}

function QuestionCard(props: {
  index: number;
  question: Question;
  onChange: (q: Question) => void;
  onRemove?: () => void;
  errors: FieldErrors;
}) {
  const q = props.question;
  const id = `question-${props.index}`;
  const property = questionPropertyName(q.key);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Question {props.index + 1}
          </Text>
          {props.onRemove ? (
            <Button
              tone="critical"
              variant="plain"
              onClick={props.onRemove}
              accessibilityLabel={`Remove question ${props.index + 1}`}
            >
              Remove
            </Button>
          ) : null}
        </InlineStack>
        <TextField
          id={`${id}-prompt`}
          label="Question"
          autoComplete="off"
          value={q.prompt}
          error={props.errors.prompt}
          onChange={(prompt) => props.onChange({ ...q, prompt })}
        />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
          <TextField
            id={`${id}-key`}
            label="Key"
            autoComplete="off"
            value={q.key}
            error={props.errors.key}
            onChange={(key) => props.onChange({ ...q, key })}
          />
          <Select
            id={`${id}-kind`}
            label="Answer type"
            options={KIND_OPTIONS}
            value={q.kind}
            onChange={(kind) => props.onChange(withKind(q, kind))}
          />
        </InlineGrid>
        <Text as="p" tone="subdued" breakWord>
          Answers go to the HubSpot contact property <b>{property}</b>
          {q.kind === "choice" ? ", one option per “HubSpot value” below." : "."}
        </Text>
        {q.kind === "choice" ? (
          <ChoicesEditor
            idPrefix={id}
            choices={q.choices}
            errors={errorsUnder(props.errors, "choices")}
            onChange={(choices) => props.onChange({ ...q, choices })}
          />
        ) : null}
        {q.kind === "scale" ? (
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="200">
            <NumberField
              label="From"
              value={q.min}
              min={0}
              max={1}
              error={props.errors.min}
              onChange={(min) => props.onChange({ ...q, min: min ?? Number.NaN })}
            />
            <NumberField
              label="To"
              value={q.max}
              min={2}
              max={10}
              error={props.errors.max}
              onChange={(max) => props.onChange({ ...q, max: max ?? Number.NaN })}
            />
            <TextField
              label="Low end label"
              autoComplete="off"
              value={q.minLabel ?? ""}
              onChange={(minLabel) => props.onChange({ ...q, minLabel: minLabel || undefined })}
            />
            <TextField
              label="High end label"
              autoComplete="off"
              value={q.maxLabel ?? ""}
              onChange={(maxLabel) => props.onChange({ ...q, maxLabel: maxLabel || undefined })}
            />
          </InlineGrid>
        ) : null}
        {q.kind === "yes_no" ? (
          <Text as="p" tone="subdued">
            Written to HubSpot as a yes/no (true/false) property.
          </Text>
        ) : null}
        {q.followUps?.length ? (
          <Box paddingBlockStart="100">
            <BlockStack gap="300">
              <Text as="h4" variant="headingSm">
                Follow-up questions
              </Text>
              {q.followUps.map((f, j) => (
                <FollowUpEditor
                  key={j}
                  id={`${id}-followup-${j}`}
                  after={f.values}
                  question={f.question}
                  errors={errorsUnder(props.errors, `followUps.${j}.question`)}
                  onChange={(question) =>
                    props.onChange({
                      ...q,
                      followUps: q.followUps?.map((x, k) => (k === j ? { ...x, question } : x)),
                    })
                  }
                />
              ))}
            </BlockStack>
          </Box>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function QuestionsEditor(props: {
  questions: Question[];
  onChange: (questions: Question[]) => void;
  errors: FieldErrors;
  min: number;
  max: number;
}) {
  const { questions } = props;
  const set = (i: number, q: Question) => props.onChange(questions.map((x, j) => (j === i ? q : x)));
  const nextKey = () => {
    for (let n = questions.length + 1; ; n++)
      if (!questions.some((q) => q.key === `question_${n}`)) return `question_${n}`;
  };
  return (
    <BlockStack gap="300">
      {props.errors[""] ? (
        <Text as="p" tone="critical">
          {props.errors[""]}
        </Text>
      ) : null}
      {questions.map((q, i) => (
        <QuestionCard
          key={i}
          index={i}
          question={q}
          errors={errorsUnder(props.errors, String(i))}
          onChange={(next) => set(i, next)}
          onRemove={
            questions.length > props.min
              ? () => props.onChange(questions.filter((_, j) => j !== i))
              : undefined
          }
        />
      ))}
      <InlineStack>
        <Button
          disabled={questions.length >= props.max}
          onClick={() =>
            props.onChange([
              ...questions,
              {
                key: nextKey(),
                kind: "choice",
                prompt: "",
                choices: [
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ],
              },
            ])
          }
        >
          Add a question
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
