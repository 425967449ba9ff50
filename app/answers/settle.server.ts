// Held confirmations (the answer page confirmed by itself, docs/decisions/0010) become answers
// once their hold window is over — unless another choice of the same question of the same email
// was opened within it, the mark of a link scanner opening every link: then the click is void and
// says why in the merchant's "not answers" list. Run by a periodic task on the app clock; each click
// is claimed in its own transaction, so several workers never settle one twice.
import type { Db, Tx } from "../db.server";
import { confirmAnswer, findQuestion, messageQuestions, storedFlags, type Target } from "./answers.server";
import { conflictingClicks, HOLD_WINDOW_MS } from "./scanner";

const BATCH = 100;

export type SettleStats = { confirmed: number; voided: number };

export async function settleHeldAnswers(db: Db, now: Date): Promise<SettleStats> {
  const stats: SettleStats = { confirmed: 0, voided: 0 };
  const due = await db.answerClick.findMany({
    where: { state: "held", heldUntil: { lte: now } },
    orderBy: { heldUntil: "asc" },
    take: BATCH,
    select: { id: true },
  });
  for (const { id } of due) {
    const outcome = await db.$transaction((tx) => settleOne(tx, id, now));
    if (outcome === "confirmed") stats.confirmed++;
    if (outcome === "void") stats.voided++;
  }
  return stats;
}

const windowText = `${Math.round(HOLD_WINDOW_MS / 1000)} seconds`;

async function settleOne(tx: Tx, id: string, now: Date): Promise<"confirmed" | "void" | null> {
  const click = await tx.answerClick.findUnique({ where: { id } });
  if (!click || click.state !== "held") return null;
  const voidWith = async (reason: string) => {
    const { count } = await tx.answerClick.updateMany({
      where: { id, state: "held" },
      data: { state: "void", reason },
    });
    return count === 1 ? ("void" as const) : null;
  };

  const others = await tx.answerClick.findMany({
    where: {
      messageId: click.messageId,
      questionKey: click.questionKey,
      id: { not: click.id },
      at: {
        gte: new Date(click.at.getTime() - HOLD_WINDOW_MS),
        lte: new Date(click.at.getTime() + HOLD_WINDOW_MS),
      },
    },
    select: { questionKey: true, value: true, at: true, flags: true, state: true },
  });
  const conflicts = conflictingClicks(
    click,
    others.map((o) => ({ ...o, flags: storedFlags(o.flags) })),
  );
  if (conflicts.length) {
    const values = [...new Set(conflicts.map((c) => c.value))].join(", ");
    const pressed = conflicts.find((c) => c.state === "confirmed");
    if (pressed)
      return voidWith(
        `Another choice of this question (${pressed.value}) was confirmed with the button within ${windowText}: that one is the answer.`,
      );
    return voidWith(
      `Other choices of this question (${values}) were opened from the same email within ${windowText}: a link scanner opening every link, not a person.`,
    );
  }

  const target = await targetOf(tx, click.messageId, click.questionKey);
  if (!target) return voidWith("The email this answer came from no longer exists.");
  const at = click.postedAt ?? now;
  const existing = await tx.answer.findUnique({
    where: { messageId_questionKey: { messageId: click.messageId, questionKey: click.questionKey } },
    select: { answeredAt: true },
  });
  if (existing && existing.answeredAt > at)
    return voidWith("A later answer to this question was confirmed with the button first.");
  const { count } = await tx.answerClick.updateMany({
    where: { id, state: "held" },
    data: { state: "confirmed", reason: null },
  });
  if (count !== 1) return null;
  await confirmAnswer(tx, target, { value: click.value, channel: "link", at });
  return "confirmed";
}

async function targetOf(tx: Tx, messageId: string, questionKey: string): Promise<Target | null> {
  const row = await tx.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      shop: true,
      campaign: true,
      sendId: true,
      toEmail: true,
      submittedAt: true,
      deliveredAt: true,
      questions: true,
    },
  });
  if (!row) return null;
  const { questions, ...message } = row;
  const found = findQuestion(messageQuestions(questions), questionKey);
  return found ? { message, ...found } : null;
}
