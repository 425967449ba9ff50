// The merchant's view of texts: the texts sent (to whom, for which campaign step, their status and,
// when refused or not delivered, why and what to do), and every text customers sent back — answers,
// keywords, and the ones that are not answers, each with the reason. One shop's rows only.
import { CAMPAIGN_LABELS, isCampaignKind } from "../campaigns/kinds";
import type { Db } from "../db.server";

const campaignLabel = (campaign: string) => (isCampaignKind(campaign) ? CAMPAIGN_LABELS[campaign] : campaign);

/** What the merchant can do about a refused or undelivered text, from Twilio's error code. */
export function whatToDo(error: string | null): string | null {
  if (!error) return null;
  if (/21211|valid phone number/.test(error))
    return "Fix the customer's phone in Shopify: texts need the international form, e.g. +14155550123.";
  if (/21610/.test(error))
    return "The customer texted STOP to your number; they must text START to get texts again.";
  if (/20003|21606|21608|21612|2170[34]/.test(error))
    return "Check the Twilio account and sender on the SMS page, then send a test text.";
  if (/3000[3-8]/.test(error))
    return "The phone did not take it; nothing to fix on your side unless it repeats.";
  return null;
}

export type TextRow = {
  id: string;
  toPhone: string;
  email: string;
  campaignLabel: string;
  step: string;
  body: string;
  status: string;
  transport: string;
  error: string | null;
  whatToDo: string | null;
  sentAt: string | null;
};

export async function listTexts(db: Db, shop: string, options: { limit: number }): Promise<TextRow[]> {
  const rows = await db.smsMessage.findMany({
    where: { shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit,
  });
  return rows.map((t) => ({
    id: t.id,
    toPhone: t.toPhone,
    email: t.email,
    campaignLabel: campaignLabel(t.campaign),
    step: t.step,
    body: t.body,
    status: t.status,
    transport: t.transport,
    error: t.error,
    whatToDo: whatToDo(t.error),
    sentAt: t.submittedAt?.toISOString() ?? null,
  }));
}

export const REPLY_OUTCOMES: Record<string, string> = {
  answer: "Answer",
  unparseable: "Not an answer",
  no_open_question: "No open question",
  opted_out: "STOP",
  opted_in: "START",
  help: "HELP",
};

export type ReplyRow = {
  id: string;
  fromPhone: string;
  email: string | null;
  body: string;
  outcome: string;
  outcomeLabel: string;
  reason: string | null;
  /** A keyword's consent in Shopify: written, refused (with Shopify's words), or waiting. */
  shopify: "written" | "refused" | "waiting" | null;
  shopifyError: string | null;
  receivedAt: string;
};

/** Texts customers sent; `notAnswers` keeps only the ones that are not answers (for the Answers page). */
export async function listSmsReplies(
  db: Db,
  shop: string,
  options: { limit: number; notAnswers?: boolean },
): Promise<ReplyRow[]> {
  const rows = await db.smsReply.findMany({
    where: { shop, ...(options.notAnswers ? { outcome: { not: "answer" } } : {}) },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: options.limit,
  });
  return rows.map((r) => {
    const keyword = r.outcome === "opted_out" || r.outcome === "opted_in";
    return {
      id: r.id,
      fromPhone: r.fromPhone,
      email: r.email,
      body: r.body,
      outcome: r.outcome,
      outcomeLabel: REPLY_OUTCOMES[r.outcome] ?? r.outcome,
      reason: r.reason,
      shopify:
        !keyword || !r.customerId
          ? null
          : r.shopifySyncError
            ? "refused"
            : r.shopifySyncedAt
              ? "written"
              : "waiting",
      shopifyError: r.shopifySyncError
        ? `${r.shopifySyncError} — check the customer's phone in Shopify, then set their SMS consent there.`
        : null,
      receivedAt: r.receivedAt.toISOString(),
    };
  });
}

/** The test text the SMS page sends: the shop's own greeting through its transport, asking nothing. */
export function testText(shop: { domain: string; name: string; email: string | null }, phone: string) {
  return {
    shop: shop.domain,
    sendId: null,
    campaign: "test",
    step: "test",
    template: "post_purchase_survey" as const,
    to: { phone, email: shop.email ?? "", customerId: null },
    text: "This is a test text from {{ shop.name }} (Replyloop). Texts to your customers will look like this.",
    data: {
      shop: {
        name: shop.name,
        domain: shop.domain,
        brand_color: "#2c6ecb",
        url: `https://${shop.domain}`,
      },
      customer: { email: shop.email ?? "" },
    },
    question: null,
  };
}
