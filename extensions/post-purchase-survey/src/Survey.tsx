// The block both pages render: the shop's NPS question, then the follow-up its score calls for, then
// thanks. Wording comes from the app (so a merchant's edit shows without a redeploy). Each answer is
// sent on its own, once, with a key that makes a resend harmless. Nothing is shown while loading, when
// the app says the survey is off or not for this order, or when it cannot be reached.
import { useEffect, useState } from "preact/hooks";
import {
  fetchSurvey,
  followUpFor,
  postAnswer,
  type ChoiceQuestion,
  type Client,
  type ShownSurvey,
  type Surface,
} from "./api";

/** What the page gives the block: everything it needs from the `shopify` global, and the app URL. */
export interface SurveyContext {
  surface: Surface;
  orderId: string | undefined;
  locale: string;
  appUrl: string | undefined;
  token: () => Promise<string>;
}

interface Answer {
  questionKey: string;
  value: string;
  idempotencyKey: string;
}

type Step =
  | { kind: "score"; survey: ShownSurvey }
  | { kind: "followUp"; survey: ShownSurvey; question: ChoiceQuestion }
  | { kind: "thanks"; survey: ShownSurvey };

function stepFor(survey: ShownSurvey, answered: Record<string, string>): Step {
  const score = answered[survey.question.key];
  if (score === undefined) return { kind: "score", survey };
  const followUp = followUpFor(survey, score);
  if (followUp && answered[followUp.key] === undefined)
    return { kind: "followUp", survey, question: followUp };
  return { kind: "thanks", survey };
}

function newKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function Survey({ context }: { context: SurveyContext }) {
  const [survey, setSurvey] = useState<ShownSurvey | null>(null);
  const [answered, setAnswered] = useState<Record<string, string>>({});
  const [sending, setSending] = useState<Answer | null>(null);
  const [failed, setFailed] = useState<Answer | null>(null);

  const { appUrl, orderId, surface, locale, token } = context;
  const client: Client | null = appUrl ? { appUrl, token } : null;

  useEffect(() => {
    if (!client || !orderId) return;
    let current = true;
    void fetchSurvey(client, { surface, orderId, locale }).then((result) => {
      if (!current) return;
      if (!result.ok) {
        console.warn(`Replyloop survey: not shown (${result.status} ${result.message})`);
      } else if (result.value.show) {
        setAnswered(result.value.answered);
        setSurvey(result.value);
      }
    });
    return () => {
      current = false;
    };
  }, [appUrl, orderId, surface, locale]);

  if (!survey || !client || !orderId) return null;

  async function send(answer: Answer) {
    if (!client || !orderId) return;
    setSending(answer);
    setFailed(null);
    const result = await postAnswer(client, { surface, orderId, locale, ...answer });
    setSending(null);
    if (result.ok) {
      setAnswered((previous) => ({ ...previous, [answer.questionKey]: answer.value }));
    } else {
      console.warn(`Replyloop survey: answer not saved (${result.status} ${result.message})`);
      setFailed(answer);
    }
  }

  const answer = (questionKey: string, value: string) =>
    void send({ questionKey, value, idempotencyKey: newKey() });

  const step = stepFor(survey, answered);
  if (step.kind === "thanks") {
    return (
      <s-box border="base" padding="base" borderRadius="base">
        <s-text>{survey.texts.thanks}</s-text>
      </s-box>
    );
  }

  const { key, prompt } = step.kind === "score" ? survey.question : step.question;
  const options =
    step.kind === "score" ? scale(survey.question.min, survey.question.max) : step.question.choices;

  return (
    <s-box border="base" padding="base" borderRadius="base">
      <s-stack gap="base">
        <s-heading>{prompt}</s-heading>
        <s-stack direction="inline" gap="small">
          {options.map((option) => (
            <s-button
              key={option.value}
              variant="secondary"
              disabled={sending !== null}
              loading={sending?.questionKey === key && sending.value === option.value}
              onClick={() => answer(key, option.value)}
            >
              {option.label}
            </s-button>
          ))}
        </s-stack>
        {step.kind === "score" && (
          <s-stack direction="inline" justifyContent="space-between">
            <s-text color="subdued">{survey.question.minLabel}</s-text>
            <s-text color="subdued">{survey.question.maxLabel}</s-text>
          </s-stack>
        )}
        {failed && failed.questionKey === key && (
          <s-stack direction="inline" gap="small" alignItems="center">
            <s-text tone="critical">{survey.texts.error}</s-text>
            <s-button variant="secondary" disabled={sending !== null} onClick={() => void send(failed)}>
              {survey.texts.retry}
            </s-button>
          </s-stack>
        )}
      </s-stack>
    </s-box>
  );
}

function scale(min: number, max: number) {
  return Array.from({ length: max - min + 1 }, (_, i) => ({
    value: String(min + i),
    label: String(min + i),
  }));
}
