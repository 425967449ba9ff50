// What a customer has told the shop so far, for the emails that follow: the latest confirmed answer
// per question key (any campaign, any source: email, page, SMS), with the label it is shown with.
// Read when an email is rendered, so a later step sees an answer given a minute before it goes.
import type { Tx } from "../db.server";
import { describeAnswer, questionsOfShop } from "../crm/shop-questions.server";

export type KnownAnswers = { values: Record<string, string>; labels: Record<string, string> };

export async function knownAnswers(tx: Tx, shop: string, email: string): Promise<KnownAnswers> {
  const rows = await tx.answer.findMany({
    where: { shop, email },
    orderBy: [{ answeredAt: "asc" }, { updatedAt: "asc" }],
    select: { questionKey: true, value: true },
  });
  return labelled(tx, shop, latestValues(rows));
}

/** The latest value per question key, from answers in the order they were given. */
export function latestValues(rows: readonly { questionKey: string; value: string }[]) {
  const values: Record<string, string> = {};
  for (const row of rows) values[row.questionKey] = row.value;
  return values;
}

/** Known answers with the labels they are shown with (the shop's questions are read only if any). */
export async function labelled(tx: Tx, shop: string, values: Record<string, string>): Promise<KnownAnswers> {
  if (Object.keys(values).length === 0) return { values, labels: {} };
  const questions = await questionsOfShop(tx, shop);
  const labels = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, describeAnswer(questions, key, value).answer]),
  );
  return { values, labels };
}
