// The merchant's view of answers: confirmed answers (who, which question, what, which campaign,
// when, and whether HubSpot has it) and, kept apart, clicks that are not answers — provisional
// ones nobody confirmed, the ones flagged as link-scanner activity, held ones (the page confirmed by
// itself; they count once their window passes) and void ones — each with its reason. One shop's
// rows only.
import type { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import { CAMPAIGN_LABELS, isCampaignKind } from "../campaigns/kinds";
import { questionPropertyName } from "../crm/properties";
import { describeAnswer, questionsOfShop, allQuestions } from "../crm/shop-questions.server";
import { storedFlags } from "./answers.server";
import { clickReason } from "./click-reasons";
import { sourceLabel } from "./sources";
import type { AnswerFilters } from "./filters";

/** Where an answer stands with HubSpot: written, waiting (not connected, or queued), refused by HubSpot. */
export type CrmState = "written" | "waiting" | "refused";

export type AnswerRow = {
  id: string;
  email: string;
  campaign: string;
  campaignLabel: string;
  questionKey: string;
  question: string;
  value: string;
  answer: string;
  channel: string;
  /** Where the customer answered (Answer.source) and how the merchant reads it. */
  source: string;
  sourceLabel: string;
  answeredAt: string;
  hubspot: CrmState;
};

const campaignLabel = (campaign: string) => (isCampaignKind(campaign) ? CAMPAIGN_LABELS[campaign] : campaign);

function answerWhere(
  shop: string,
  f: Pick<AnswerFilters, "campaign" | "question" | "start" | "end">,
): Prisma.AnswerWhereInput {
  return {
    shop,
    ...(f.campaign ? { campaign: f.campaign } : {}),
    ...(f.question ? { questionKey: f.question } : {}),
    ...(f.start || f.end
      ? { answeredAt: { ...(f.start ? { gte: f.start } : {}), ...(f.end ? { lt: f.end } : {}) } }
      : {}),
  };
}

/**
 * HubSpot state of each answer, from the CRM write queue: the write of the answer's own property
 * at the answer's time still pending (or in flight) → waiting; refused → refused. Sent writes are
 * pruned after a while (app/crm/hubspot/flusher.server.ts), so no open write means written.
 */
async function crmStates(
  db: Db,
  shop: string,
  answers: { email: string; questionKey: string; answeredAt: Date }[],
): Promise<Map<string, CrmState>> {
  const states = new Map<string, CrmState>();
  if (answers.length === 0) return states;
  const open = await db.crmWrite.findMany({
    where: {
      shop,
      state: { in: ["pending", "sending", "failed"] },
      email: { in: [...new Set(answers.map((a) => a.email))] },
      property: { in: [...new Set(answers.map((a) => questionPropertyName(a.questionKey)))] },
    },
    select: { email: true, property: true, eventAt: true, state: true },
  });
  for (const w of open)
    states.set(
      `${w.email}|${w.property}|${w.eventAt.getTime()}`,
      w.state === "failed" ? "refused" : "waiting",
    );
  return states;
}

export async function listAnswers(
  db: Db,
  shop: string,
  filters: AnswerFilters,
  options: { limit?: number } = {},
) {
  const where = answerWhere(shop, filters);
  const [rows, total, questions] = await Promise.all([
    db.answer.findMany({ where, orderBy: NEWEST_FIRST, ...(options.limit ? { take: options.limit } : {}) }),
    db.answer.count({ where }),
    questionsOfShop(db, shop),
  ]);
  return { answers: await describeRows(db, shop, questions, rows), total };
}

const NEWEST_FIRST: Prisma.AnswerOrderByWithRelationInput[] = [{ answeredAt: "desc" }, { id: "asc" }];

type StoredAnswer = Awaited<ReturnType<Db["answer"]["findMany"]>>[number];

async function describeRows(
  db: Db,
  shop: string,
  questions: Awaited<ReturnType<typeof questionsOfShop>>,
  rows: StoredAnswer[],
): Promise<AnswerRow[]> {
  const states = await crmStates(db, shop, rows);
  return rows.map((a) => {
    const described = describeAnswer(questions, a.questionKey, a.value);
    return {
      id: a.id,
      email: a.email,
      campaign: a.campaign,
      campaignLabel: campaignLabel(a.campaign),
      questionKey: a.questionKey,
      question: described.question,
      value: a.value,
      answer: described.answer,
      channel: a.channel,
      source: a.source,
      sourceLabel: sourceLabel(a.source),
      answeredAt: a.answeredAt.toISOString(),
      hubspot:
        states.get(`${a.email}|${questionPropertyName(a.questionKey)}|${a.answeredAt.getTime()}`) ??
        "written",
    };
  });
}

/**
 * Every answer matching the filters, newest first, a page at a time (keyset pagination), so an
 * export of a shop's whole history never holds it all in memory.
 */
export async function* answerPages(
  db: Db,
  shop: string,
  filters: AnswerFilters,
  pageSize = 1000,
): AsyncGenerator<AnswerRow[]> {
  const where = answerWhere(shop, filters);
  const questions = await questionsOfShop(db, shop);
  let after: StoredAnswer | undefined;
  for (;;) {
    const page = await db.answer.findMany({
      where: after
        ? {
            AND: [
              where,
              {
                OR: [
                  { answeredAt: { lt: after.answeredAt } },
                  { answeredAt: after.answeredAt, id: { gt: after.id } },
                ],
              },
            ],
          }
        : where,
      orderBy: NEWEST_FIRST,
      take: pageSize,
    });
    if (page.length > 0) yield await describeRows(db, shop, questions, page);
    if (page.length < pageSize) return;
    after = page[page.length - 1];
  }
}

/** The questions a merchant can filter by: the shop's questions and follow-ups. */
export async function questionOptions(db: Db, shop: string) {
  return allQuestions(await questionsOfShop(db, shop)).map((q) => ({ key: q.key, prompt: q.prompt }));
}

export type ClickRow = {
  id: string;
  email: string;
  campaignLabel: string;
  question: string;
  answer: string;
  state: string;
  flags: string[];
  /** Why it is not (yet) an answer. */
  reason: string;
  /** Held: when it becomes an answer unless voided. */
  heldUntil: string | null;
  userAgent: string | null;
  at: string;
};

/** Clicks that are not (yet) answers: provisional, flagged, held and void, each with its reason. */
export async function listUnconfirmedClicks(
  db: Db,
  shop: string,
  filters: AnswerFilters,
  options: { limit: number },
) {
  const rows = await db.answerClick.findMany({
    where: {
      shop,
      state: { in: ["provisional", "flagged", "held", "void"] },
      ...(filters.question ? { questionKey: filters.question } : {}),
      ...(filters.start || filters.end
        ? {
            at: {
              ...(filters.start ? { gte: filters.start } : {}),
              ...(filters.end ? { lt: filters.end } : {}),
            },
          }
        : {}),
    },
    orderBy: { at: "desc" },
    take: options.limit * 4,
  });
  const messages = await db.message.findMany({
    where: { shop, id: { in: [...new Set(rows.map((r) => r.messageId))] } },
    select: { id: true, campaign: true },
  });
  const campaignOf = new Map(messages.map((m) => [m.id, m.campaign]));
  const questions = await questionsOfShop(db, shop);
  return rows
    .filter((r) => !filters.campaign || campaignOf.get(r.messageId) === filters.campaign)
    .slice(0, options.limit)
    .map((r): ClickRow => {
      const described = describeAnswer(questions, r.questionKey, r.value);
      const flags = storedFlags(r.flags);
      return {
        id: r.id,
        email: r.email,
        campaignLabel: campaignLabel(campaignOf.get(r.messageId) ?? ""),
        question: described.question,
        answer: described.answer,
        state: r.state,
        flags,
        reason: clickReason({ state: r.state, flags, reason: r.reason }),
        heldUntil: r.heldUntil?.toISOString() ?? null,
        userAgent: r.userAgent,
        at: r.at.toISOString(),
      };
    });
}

export const CSV_HEADER = [
  "answered_at",
  "customer_email",
  "campaign",
  "question_key",
  "question",
  "answer_value",
  "answer",
  "channel",
  "source",
  "written_to_hubspot",
] as const;

export function csvRow(a: AnswerRow): string[] {
  return [
    a.answeredAt,
    a.email,
    a.campaign,
    a.questionKey,
    a.question,
    a.value,
    a.answer,
    a.channel,
    a.source,
    a.hubspot === "written" ? "yes" : a.hubspot === "refused" ? "refused" : "no",
  ];
}
