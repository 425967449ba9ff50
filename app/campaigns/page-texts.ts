// The post-purchase survey on the store's own pages (the Thank-you and Order status pages, through
// the survey UI extension): how it combines with the email (the delivery mode), the words the page
// shows besides the questions, and the merchant's translations of all of it. Pure.
import { z } from "zod";
import type { FollowUp, Question } from "./questions";

/**
 * Where the post-purchase survey is asked. "page_then_email": on the pages, and by email to the
 * buyers who did not answer there; "page_only": on the pages, never by email; "email_only": by
 * email, the pages show nothing.
 */
export const DELIVERY_MODES = ["page_then_email", "page_only", "email_only"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const DELIVERY_LABELS: Record<DeliveryMode, string> = {
  page_then_email: "Thank-you page, then email to those who did not answer",
  page_only: "Thank-you and Order status pages only",
  email_only: "Email only",
};

/** A BCP-47 language tag as the storefront reports it: "fr", "de-CH", "pt-BR", "zh-Hant-TW". */
export const languageTagSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, "a language tag such as fr, de-CH or pt-BR");

const pageText = (max: number) => z.string().trim().min(1).max(max);

export const DEFAULT_PAGE_TEXTS = {
  language: "en",
  thanks: "Thank you for your feedback!",
  error: "Your answer could not be saved.",
  retry: "Try again",
};

/** What the page shows besides the questions, in the merchant's own language. */
export const pageTextsSchema = z.object({
  /** The language the merchant wrote the questions and these texts in. */
  language: languageTagSchema.default(DEFAULT_PAGE_TEXTS.language),
  thanks: pageText(200).default(DEFAULT_PAGE_TEXTS.thanks),
  error: pageText(200).default(DEFAULT_PAGE_TEXTS.error),
  retry: pageText(40).default(DEFAULT_PAGE_TEXTS.retry),
});
export type PageTexts = z.infer<typeof pageTextsSchema>;

/** "nps.prompt", "nps.minLabel", "nps_loved.choice.delivery", "page.thanks" … */
const textKeySchema = z
  .string()
  .regex(
    /^([a-z][a-z0-9_]{0,39}\.(prompt|minLabel|maxLabel|choice\.[a-z0-9_]{1,40})|page\.(thanks|error|retry))$/,
  );

export const MAX_TRANSLATIONS = 20;

/** Per language: text key → the text in that language. A text left out shows the merchant's wording. */
export const translationsSchema = z
  .record(languageTagSchema, z.record(textKeySchema, z.string().trim().min(1).max(200)))
  .refine((t) => Object.keys(t).length <= MAX_TRANSLATIONS, `at most ${MAX_TRANSLATIONS} languages`);
export type Translations = z.infer<typeof translationsSchema>;

export type TranslatableText = { key: string; label: string; source: string };

/** The scale question the page asks (the NPS question): the first scale question of the survey. */
export function pageQuestion(questions: readonly Question[]): Extract<Question, { kind: "scale" }> | null {
  for (const q of questions) if (q.kind === "scale") return q;
  return null;
}

function choiceTexts(question: FollowUp): TranslatableText[] {
  return [
    { key: `${question.key}.prompt`, label: "Follow-up question", source: question.prompt },
    ...question.choices.map((c) => ({
      key: `${question.key}.choice.${c.value}`,
      label: "Answer",
      source: c.label,
    })),
  ];
}

/** Every text the page shows, with the merchant's wording: what a translation can replace. */
export function translatableTexts(questions: readonly Question[], page: PageTexts): TranslatableText[] {
  const question = pageQuestion(questions);
  const texts: TranslatableText[] = [];
  if (question) {
    texts.push({ key: `${question.key}.prompt`, label: "Question", source: question.prompt });
    if (question.minLabel)
      texts.push({ key: `${question.key}.minLabel`, label: "Low end", source: question.minLabel });
    if (question.maxLabel)
      texts.push({ key: `${question.key}.maxLabel`, label: "High end", source: question.maxLabel });
    for (const f of question.followUps ?? []) texts.push(...choiceTexts(f.question));
  }
  texts.push(
    { key: "page.thanks", label: "Thanks", source: page.thanks },
    { key: "page.error", label: "Error", source: page.error },
    { key: "page.retry", label: "Retry button", source: page.retry },
  );
  return texts;
}

/**
 * The translation for a buyer's language: the exact tag ("fr-CA"), else its language ("fr"), else
 * another region of that language; null when the merchant has none (their own wording is shown).
 */
export function translationFor(
  translations: Translations,
  requested: string,
): { language: string; texts: Record<string, string> } | null {
  // A language added without a single translated text yet is not a translation.
  const tags = Object.keys(translations).filter((t) => Object.keys(translations[t] ?? {}).length > 0);
  const wanted = requested.toLowerCase();
  const base = wanted.split("-")[0] ?? wanted;
  const found =
    tags.find((t) => t.toLowerCase() === wanted) ??
    tags.find((t) => t.toLowerCase() === base) ??
    tags.find((t) => t.toLowerCase().split("-")[0] === base);
  return found ? { language: found, texts: translations[found] ?? {} } : null;
}
