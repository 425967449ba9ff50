// What the Replyloop card on a HubSpot contact shows: the contact's VIP tier, last NPS and every
// answer (question, answer, campaign, date), newest first — only from the shops connected to the
// portal that asks. The contact is named by its HubSpot id (tied to an email through CrmContact)
// and, when the card knows it, by email.
import { z } from "zod";
import { CAMPAIGN_LABELS, isCampaignKind } from "../../campaigns/kinds";
import type { Db } from "../../db.server";
import { normalizeEmail } from "../../lib/email-address";
import { compareIds } from "../../lib/ids";
import { describeAnswer, questionsOfShop } from "../shop-questions.server";

/** Answers beyond this, or beyond the byte budget, are left out (HubSpot's card responses are limited to 1 MB). */
export const MAX_CARD_ANSWERS = 500;
export const MAX_CARD_BYTES = 900_000;

export const cardQuerySchema = z.object({
  portalId: z.string().regex(/^\d{1,20}$/),
  objectId: z.string().regex(/^\d{1,20}$/),
  email: z.email().optional(),
});
export type CardQuery = z.output<typeof cardQuerySchema>;

export type CardAnswer = {
  shop: string;
  question: string;
  answer: string;
  campaign: string;
  answeredAt: string;
};
export type CardData = {
  contactId: string;
  email: string | null;
  vipTier: string | null;
  lastNps: { score: number; answeredAt: string } | null;
  answers: CardAnswer[];
  truncated: boolean;
};

export async function cardData(db: Db, query: CardQuery): Promise<CardData> {
  const connections = await db.crmConnection.findMany({
    where: { portalId: query.portalId, status: { not: "disconnected" } },
    select: { shop: true },
  });
  const shops = connections.map((c) => c.shop);
  const empty: CardData = {
    contactId: query.objectId,
    email: null,
    vipTier: null,
    lastNps: null,
    answers: [],
    truncated: false,
  };
  if (shops.length === 0) return empty;
  const known = await db.crmContact.findMany({
    where: { shop: { in: shops }, portalId: query.portalId, hubspotId: query.objectId },
    select: { email: true },
  });
  const emails = [
    ...new Set([normalizeEmail(query.email), ...known.map((k) => k.email)].filter((e): e is string => !!e)),
  ];
  if (emails.length === 0) return empty;

  const [contactAnswers, customers] = await Promise.all([
    // No ORDER BY/LIMIT here: with them SQLite (no statistics) walks the shop's answers newest
    // first by (shop, answeredAt); without, it looks the contact up by (shop, email). A contact has
    // few answers: they are ordered and cut here.
    db.answer.findMany({
      where: { shop: { in: shops }, email: { in: emails } },
      select: { id: true, shop: true, questionKey: true, value: true, campaign: true, answeredAt: true },
    }),
    db.customer.findMany({
      where: { shop: { in: shops }, email: { in: emails } },
      orderBy: { updatedAt: "desc" },
      select: { vipTier: true, vipTierAt: true },
    }),
  ]);
  const answers = contactAnswers
    .sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime() || compareIds(b.id, a.id))
    .slice(0, MAX_CARD_ANSWERS + 1);
  const questions = new Map(
    await Promise.all(shops.map(async (shop) => [shop, await questionsOfShop(db, shop)] as const)),
  );
  const lastNps = answers.find((a) => a.questionKey === "nps");
  const tier = customers.find((c) => c.vipTier !== "none") ?? customers[0];
  const shown: CardAnswer[] = [];
  let bytes = 0;
  for (const a of answers.slice(0, MAX_CARD_ANSWERS)) {
    const answer: CardAnswer = {
      shop: a.shop,
      ...describeAnswer(questions.get(a.shop) ?? [], a.questionKey, a.value),
      campaign: isCampaignKind(a.campaign) ? CAMPAIGN_LABELS[a.campaign] : a.campaign,
      answeredAt: a.answeredAt.toISOString(),
    };
    bytes += Buffer.byteLength(JSON.stringify(answer)) + 1;
    if (bytes > MAX_CARD_BYTES) break;
    shown.push(answer);
  }
  return {
    contactId: query.objectId,
    email: emails[0] ?? null,
    vipTier: tier?.vipTier ?? null,
    lastNps:
      lastNps && Number.isFinite(Number(lastNps.value))
        ? { score: Number(lastNps.value), answeredAt: lastNps.answeredAt.toISOString() }
        : null,
    answers: shown,
    truncated: shown.length < answers.length,
  };
}
