// The questions a shop asks: the built-in ones (with their follow-ups) and the merchant's own.
// Custom questions are read from each campaign's settings (`settings.questions`, the Campaigns
// issue's contract); entries that do not parse as questions are skipped, never fatal here.
import { z } from "zod";
import {
  DEFAULT_QUESTIONS,
  answerValues,
  labelOf,
  questionSchema,
  type FollowUp,
  type Question,
} from "../campaigns/questions";
import type { Tx } from "../db.server";

const settingsWithQuestions = z.looseObject({ questions: z.array(z.unknown()).optional() });

/** Every question the shop's campaigns ask, as each campaign asks it: the built-in ones first. */
export async function campaignQuestions(tx: Tx, shop: string): Promise<Question[]> {
  const configs = await tx.campaignConfig.findMany({
    where: { shop },
    select: { settings: true },
    orderBy: { kind: "asc" },
  });
  const questions: Question[] = Object.values(DEFAULT_QUESTIONS).map((q) => q as Question);
  for (const config of configs) {
    const settings = settingsWithQuestions.safeParse(config.settings);
    for (const raw of settings.success ? (settings.data.questions ?? []) : []) {
      const question = questionSchema.safeParse(raw);
      if (question.success) questions.push(question.data);
    }
  }
  return questions;
}

/** The shop's questions, one per key (a campaign's own version over the built-in one). */
export async function questionsOfShop(tx: Tx, shop: string): Promise<Question[]> {
  const byKey = new Map<string, Question>();
  for (const question of await campaignQuestions(tx, shop)) byKey.set(question.key, question);
  return [...byKey.values()];
}

/** Every question and follow-up, flattened. */
export function allQuestions(questions: readonly Question[]): (Question | FollowUp)[] {
  return questions.flatMap((q) => [q, ...(q.followUps ?? []).map((f) => f.question)]);
}

/** How a stored answer reads to a person: the question's prompt and the choice's label. */
export function describeAnswer(
  questions: readonly Question[],
  key: string,
  value: string,
): { question: string; answer: string } {
  const question = allQuestions(questions).find((q) => q.key === key);
  if (!question) return { question: key, answer: value };
  return {
    question: question.prompt,
    answer: answerValues(question).includes(value) ? labelOf(question, value) : value,
  };
}
