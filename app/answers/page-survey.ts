// The post-purchase survey as the Thank-you and Order status page block gets it, and the check of an
// answer given there: the app's side of the contract in extensions/post-purchase-survey/src/api.ts
// (its types and version are imported from there, so both sides speak one contract). The block asks
// the campaign's scale question (the NPS question), then the follow-up its score calls for — so an
// order has at most two page answers. Pure.
import {
  CONTRACT_VERSION,
  type HiddenReason,
  type HiddenSurvey,
  type ShownSurvey,
  type Surface,
} from "../../extensions/post-purchase-survey/src/api";
import { pageQuestion, translationFor, type PageTexts, type Translations } from "../campaigns/page-texts";
import { answerValues, followUpFor, type FollowUp, type Question } from "../campaigns/questions";
import type { AnswerSource } from "./sources";

export type { Surface };

/** Where the block is → Answer.source. */
export const SURFACE_SOURCES = {
  thank_you: "thank_you_page",
  order_status: "order_status_page",
} as const satisfies Record<Surface, AnswerSource>;
export type PageSource = (typeof SURFACE_SOURCES)[Surface];

export const isSurface = (value: unknown): value is Surface =>
  value === "thank_you" || value === "order_status";

/** Why the block shows nothing; "no_scale_question": the survey has no NPS question to ask there. */
export type HideReason = HiddenReason | "no_scale_question";

export const hiddenSurvey = (reason: HideReason): HiddenSurvey => ({
  version: CONTRACT_VERSION,
  show: false,
  reason,
});

/** What the page survey is built from: the post-purchase campaign's settings. */
export type PageSurveySettings = {
  questions: Question[];
  page: PageTexts;
  translations: Translations;
};

/**
 * The survey in the buyer's language where the merchant translated it (every text left out, and
 * every language without a translation, in the merchant's own wording), with the answers this
 * order already has. Null when the survey has no scale question.
 */
export function shownSurvey(
  settings: PageSurveySettings,
  locale: string,
  answered: Record<string, string>,
): ShownSurvey | null {
  const question = pageQuestion(settings.questions);
  if (!question) return null;
  const translation = translationFor(settings.translations, locale);
  const text = (key: string, merchant: string) => translation?.texts[key] ?? merchant;
  const label = (key: string, merchant: string | undefined) =>
    merchant === undefined ? {} : { [key]: text(`${question.key}.${key}`, merchant) };
  return {
    version: CONTRACT_VERSION,
    show: true,
    locale: translation?.language ?? settings.page.language,
    question: {
      key: question.key,
      prompt: text(`${question.key}.prompt`, question.prompt),
      min: question.min,
      max: question.max,
      ...label("minLabel", question.minLabel),
      ...label("maxLabel", question.maxLabel),
    },
    followUps: (question.followUps ?? []).map((f) => ({
      values: f.values,
      question: {
        key: f.question.key,
        prompt: text(`${f.question.key}.prompt`, f.question.prompt),
        choices: f.question.choices.map((c) => ({
          value: c.value,
          label: text(`${f.question.key}.choice.${c.value}`, c.label),
        })),
      },
    })),
    texts: {
      thanks: text("page.thanks", settings.page.thanks),
      error: text("page.error", settings.page.error),
      retry: text("page.retry", settings.page.retry),
    },
    answered,
  };
}

export type PageAnswerCheck =
  { ok: true; question: Question | FollowUp; parent: Question | null } | { ok: false; reason: string };

/**
 * Whether the block may record `value` for `questionKey`, given the order's answers so far: the
 * scale question, or the follow-up that the order's score calls for, with a value it offers.
 */
export function checkPageAnswer(
  questions: readonly Question[],
  questionKey: string,
  value: string,
  answered: Record<string, string>,
): PageAnswerCheck {
  const question = pageQuestion(questions);
  if (!question) return { ok: false, reason: "the survey has no scale question" };
  if (questionKey === question.key)
    return answerValues(question).includes(value)
      ? { ok: true, question, parent: null }
      : { ok: false, reason: `"${value}" is not a score from ${question.min} to ${question.max}` };
  const offered = question.followUps?.find((f) => f.question.key === questionKey);
  if (!offered) return { ok: false, reason: `"${questionKey}" is not a question of this survey` };
  const score = answered[question.key];
  if (score === undefined) return { ok: false, reason: "the score is answered first" };
  const followUp = followUpFor(question, score);
  if (followUp?.key !== questionKey)
    return { ok: false, reason: `"${questionKey}" is not asked after a score of ${score}` };
  return answerValues(followUp).includes(value)
    ? { ok: true, question: followUp, parent: question }
    : { ok: false, reason: `"${value}" is not a choice of "${questionKey}"` };
}
