// Net Promoter Score from the 0–10 answers: % promoters (9–10) minus % detractors (0–6). Pure.
import { npsCategory } from "../campaigns/questions";

export type NpsSummary = {
  responses: number;
  /** -100…100, rounded; null without responses. */
  score: number | null;
  /** Answers per score, index 0…10. */
  distribution: number[];
  promoters: number;
  passives: number;
  detractors: number;
};

/** Summarises stored NPS answer values; anything that is not an integer 0–10 is ignored. */
export function npsSummary(values: readonly string[]): NpsSummary {
  const distribution = Array.from({ length: 11 }, () => 0);
  for (const value of values) {
    const score = Number(value);
    if (/^\d{1,2}$/.test(value) && score >= 0 && score <= 10) distribution[score]! += 1;
  }
  const count = (category: ReturnType<typeof npsCategory>) =>
    distribution.reduce((sum, n, score) => sum + (npsCategory(score) === category ? n : 0), 0);
  const promoters = count("promoter");
  const passives = count("passive");
  const detractors = count("detractor");
  const responses = promoters + passives + detractors;
  return {
    responses,
    score: responses ? Math.round(((promoters - detractors) / responses) * 100) : null,
    distribution,
    promoters,
    passives,
    detractors,
  };
}
