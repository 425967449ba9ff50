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
import { questionProperty, type PropertyDefinition } from "./properties";

const settingsWithQuestions = z.looseObject({ questions: z.array(z.unknown()).optional() });

export async function questionsOfShop(tx: Tx, shop: string): Promise<Question[]> {
  const configs = await tx.campaignConfig.findMany({ where: { shop }, select: { settings: true } });
  const byKey = new Map<string, Question>(
    Object.values(DEFAULT_QUESTIONS).map((q) => [q.key, q as Question]),
  );
  for (const config of configs) {
    const settings = settingsWithQuestions.safeParse(config.settings);
    for (const raw of settings.success ? (settings.data.questions ?? []) : []) {
      const question = questionSchema.safeParse(raw);
      if (question.success) byKey.set(question.data.key, question.data);
    }
  }
  return [...byKey.values()];
}

/** Every question and follow-up, flattened. */
export function allQuestions(questions: readonly Question[]): (Question | FollowUp)[] {
  return questions.flatMap((q) => [q, ...(q.followUps ?? []).map((f) => f.question)]);
}

/** The contact properties custom questions and follow-ups need (built-in ones are in BASE_PROPERTIES). */
export function questionProperties(questions: readonly Question[]): PropertyDefinition[] {
  const byName = new Map<string, PropertyDefinition>();
  for (const question of allQuestions(questions)) {
    const definition = questionProperty(question);
    if (definition) byName.set(definition.name, definition);
  }
  return [...byName.values()];
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
