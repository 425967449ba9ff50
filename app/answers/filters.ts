// The filters of the answers page and its CSV export, read from the URL: campaign, question and a
// date range (local dates in the shop's time zone). A value that makes no sense is dropped (and
// reported), never an error page. Pure.
import { z } from "zod";
import { CAMPAIGN_KINDS, type CampaignKind } from "../campaigns/kinds";
import { questionKeySchema } from "../campaigns/questions";
import { addDays, startOfLocalDay } from "../dashboard/range";

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export type AnswerFilters = {
  campaign: CampaignKind | null;
  question: string | null;
  /** Local dates, both included. */
  from: string | null;
  to: string | null;
  /** Instants for the query: [start, end). */
  start: Date | null;
  end: Date | null;
  problems: string[];
};

export function parseAnswerFilters(params: URLSearchParams, timeZone: string): AnswerFilters {
  const problems: string[] = [];
  const pick = <T>(name: string, schema: z.ZodType<T>, label: string): T | null => {
    const raw = params.get(name);
    if (!raw) return null;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`Ignored the ${label} “${raw.slice(0, 40)}”.`);
    return null;
  };
  const campaign = pick("campaign", z.enum(CAMPAIGN_KINDS), "campaign");
  const question = pick("question", questionKeySchema, "question");
  let from = pick("from", localDate, "start date");
  let to = pick("to", localDate, "end date");
  if (from && to && from > to) {
    problems.push("The start date is after the end date; dates ignored.");
    from = to = null;
  }
  return {
    campaign,
    question,
    from,
    to,
    start: from ? startOfLocalDay(from, timeZone) : null,
    end: to ? startOfLocalDay(addDays(to, 1), timeZone) : null,
    problems,
  };
}

/** The filters as URL parameters (for links such as the CSV export). */
export function filterParams(
  filters: Pick<AnswerFilters, "campaign" | "question" | "from" | "to">,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["campaign", "question", "from", "to"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}
