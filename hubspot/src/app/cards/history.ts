// The card's reading of the backend's answer (app/crm/hubspot/card-data.server.ts). The card runs
// in HubSpot's sandbox with only @hubspot/ui-extensions and React, so the check is hand-written.
export type CardAnswer = {
  shop: string;
  question: string;
  answer: string;
  campaign: string;
  answeredAt: string;
};
export type CardHistory = {
  email: string | null;
  vipTier: string | null;
  lastNps: { score: number; answeredAt: string } | null;
  answers: CardAnswer[];
  truncated: boolean;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isAnswer = (v: unknown): v is CardAnswer =>
  isRecord(v) &&
  isString(v.shop) &&
  isString(v.question) &&
  isString(v.answer) &&
  isString(v.campaign) &&
  isString(v.answeredAt);

export function parseHistory(value: unknown): CardHistory | null {
  if (!isRecord(value) || !Array.isArray(value.answers)) return null;
  const answers = value.answers.filter(isAnswer);
  const nps = value.lastNps;
  return {
    email: isString(value.email) ? value.email : null,
    vipTier: isString(value.vipTier) ? value.vipTier : null,
    lastNps:
      isRecord(nps) && typeof nps.score === "number" && isString(nps.answeredAt)
        ? { score: nps.score, answeredAt: nps.answeredAt }
        : null,
    // Newest first, whatever order arrived.
    answers: [...answers].sort((a, b) =>
      a.answeredAt < b.answeredAt ? 1 : a.answeredAt > b.answeredAt ? -1 : 0,
    ),
    truncated: value.truncated === true,
  };
}
