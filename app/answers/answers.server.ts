// Answers: resolving what a token points at, recording clicks (provisional, or flagged as scanner
// activity) and confirming answers. Only a confirmed answer is an Answer row (one per message and
// question, the last confirmation wins), a journey decision and a CRM change.
import { z } from "zod";
import {
  answerValues,
  kindOf,
  labelOf,
  questionSchema,
  type FollowUp,
  type Question,
} from "../campaigns/questions";
import { recordDecision } from "../campaigns/decisions.server";
import { answerProperties } from "../crm/properties";
import { recordCrmChange } from "../crm/writes.server";
import { queueAnswerReceived } from "../flow/triggers.server";
import type { Tx } from "../db.server";
import { readShop } from "../shops/shops.server";
import type { Brand } from "./pages";
import type { ScannerFlag } from "./scanner";
import type { AnswerSource } from "./sources";
import { recipientTag } from "./tokens";

export type TargetMessage = {
  id: string;
  shop: string;
  campaign: string;
  sendId: string | null;
  toEmail: string;
  submittedAt: Date | null;
  deliveredAt: Date | null;
};

export type Target = {
  message: TargetMessage;
  question: Question | FollowUp;
  /** Set when `question` is a follow-up: the question it follows. */
  parent: Question | null;
};

const storedQuestions = z.array(questionSchema);

/** The question with this key among the message's questions and their follow-ups. */
export function findQuestion(
  questions: readonly Question[],
  key: string,
): { question: Question | FollowUp; parent: Question | null } | null {
  for (const q of questions) {
    if (q.key === key) return { question: q, parent: null };
    const follow = q.followUps?.find((f) => f.question.key === key);
    if (follow) return { question: follow.question, parent: q };
  }
  return null;
}

/** The message questions of a stored message (unparseable or absent: none). */
export function messageQuestions(stored: unknown): Question[] {
  const parsed = storedQuestions.safeParse(stored ?? []);
  return parsed.success ? parsed.data : [];
}

export type MessageClaims = { shop: string; messageId: string; recipientTag: string };

/**
 * The message a verified token points at: same shop, same recipient. Null when it does not match
 * (gone, redacted, or a token for another address).
 */
export async function resolveMessage(db: Tx, secret: string, claims: MessageClaims) {
  const row = await db.message.findUnique({
    where: { id: claims.messageId },
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
  if (!row || row.shop !== claims.shop || recipientTag(secret, row.toEmail) !== claims.recipientTag)
    return null;
  const { questions, ...message } = row;
  return { message, questions: messageQuestions(questions) };
}

/** The message and the question (as the email asked it) an answer or AMP token points at. */
export async function resolveTarget(
  db: Tx,
  secret: string,
  claims: MessageClaims & { questionKey: string },
): Promise<Target | null> {
  const resolved = await resolveMessage(db, secret, claims);
  const found = resolved && findQuestion(resolved.questions, claims.questionKey);
  return resolved && found ? { message: resolved.message, ...found } : null;
}

export function isValidValue(question: Question | FollowUp, value: string) {
  return answerValues(question).includes(value);
}

const DEFAULT_BRAND_COLOR = "#2c6ecb";

export const neutralBrand: Brand = { shopName: "", color: "#374151", logoUrl: null, shopUrl: "/" };

/** The shop's name, logo and colour for the pages its customers see. */
export async function brandOf(db: Tx, shop: string): Promise<Brand> {
  const facts = await readShop(db, shop);
  return {
    // A shop not synced yet is named by its domain, without .myshopify.com.
    shopName: facts.name === shop ? shop.replace(/\.myshopify\.com$/, "") : facts.name,
    color: facts.settings.brand.color || DEFAULT_BRAND_COLOR,
    logoUrl: facts.settings.brand.logoUrl ?? null,
    shopUrl: `https://${shop}`,
  };
}

export type ClickState = "provisional" | "flagged" | "confirmed";

export async function recordClick(
  tx: Tx,
  target: Target,
  click: {
    value: string;
    state: ClickState;
    flags: readonly ScannerFlag[];
    userAgent: string | null;
    at: Date;
  },
) {
  const row = await tx.answerClick.create({
    data: {
      shop: target.message.shop,
      messageId: target.message.id,
      questionKey: target.question.key,
      value: click.value,
      email: target.message.toEmail,
      state: click.state,
      flags: [...click.flags],
      userAgent: click.userAgent?.slice(0, 300) ?? null,
      at: click.at,
    },
    select: { id: true },
  });
  return row.id;
}

/** Other clicks on this message's links around `at` (the burst heuristic looks at them). */
export async function clicksAround(
  tx: Tx,
  messageId: string,
  at: Date,
  windowMs: number,
  excludeId?: string,
) {
  const rows = await tx.answerClick.findMany({
    where: {
      messageId,
      at: { gte: new Date(at.getTime() - windowMs), lte: new Date(at.getTime() + windowMs) },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    select: { questionKey: true, value: true, at: true },
  });
  return rows;
}

const flagList = z.array(z.string());
export function storedFlags(value: unknown): string[] {
  const parsed = flagList.safeParse(value);
  return parsed.success ? parsed.data : [];
}

export type Channel = "link" | "amp" | "sms";

/**
 * A confirmed answer: stored (the last confirmation for a message and question wins), recorded on
 * the journey timeline and handed to the CRM writer. Confirming the value already stored changes
 * nothing. Returns whether the answer changed.
 */
export async function confirmAnswer(
  tx: Tx,
  target: Target,
  input: { value: string; channel: Channel; at: Date; source?: AnswerSource },
) {
  const { message, question } = target;
  const existing = await tx.answer.findUnique({
    where: { messageId_questionKey: { messageId: message.id, questionKey: question.key } },
  });
  if (existing?.value === input.value) return { changed: false };
  const send = message.sendId
    ? await tx.scheduledSend.findUnique({
        where: { id: message.sendId },
        select: { journeyId: true, customerId: true },
      })
    : null;
  const customerId = send?.customerId ?? null;
  const data = { value: input.value, channel: input.channel, answeredAt: input.at, crmQueuedAt: input.at };
  let answerId = existing?.id;
  if (existing) await tx.answer.update({ where: { id: existing.id }, data });
  else {
    ({ id: answerId } = await tx.answer.create({
      data: {
        ...data,
        shop: message.shop,
        messageId: message.id,
        campaign: message.campaign,
        questionKey: question.key,
        email: message.toEmail,
        customerId,
        ...(input.source ? { source: input.source } : {}),
      },
      select: { id: true },
    }));
  }
  await recordDecision(tx, {
    shop: message.shop,
    campaign: message.campaign,
    journeyId: send?.journeyId ?? null,
    customerId,
    email: message.toEmail,
    kind: "answered",
    reason: `${question.prompt} → ${labelOf(question, input.value)}`,
    detail: {
      question: question.key,
      value: input.value,
      channel: input.channel,
      ...(existing ? { previous: existing.value } : {}),
    },
    at: input.at,
  });
  await recordCrmChange(tx, {
    shop: message.shop,
    email: message.toEmail,
    properties: {
      ...answerProperties({ key: question.key, kind: kindOf(question), value: input.value }, input.at),
      // An answer by text says nothing about the contact's email engagement.
      ...(input.source === "sms" ? {} : { replyloop_email_engagement: "answered" }),
    },
    at: input.at,
  });
  if (answerId) await queueAnswerReceived(tx, { shop: message.shop, answerId, at: input.at });
  return { changed: true };
}
