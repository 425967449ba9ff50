// The campaigns' side of answers given on the store's pages (the Thank-you and Order status pages):
// an order answered there is not surveyed again by email when the campaign says so
// (`answered_on_page`, definition.ts). The journey is told through the engine (reactions), and
// entry and dispatch ask whether the order was answered there.
import { SOURCE_LABELS, sourceLabel, type AnswerSource } from "../answers/sources";
import type { Tx } from "../db.server";
import { activeJourneysOf, react } from "./reactions.server";

export const PAGE_SOURCES = ["thank_you_page", "order_status_page"] as const satisfies AnswerSource[];
export type PageSource = (typeof PAGE_SOURCES)[number];

/** Where an order's survey was answered on the store's pages ("Thank-you page"), or null. */
export async function pageAnswerOf(tx: Tx, shop: string, orderId: string | null | undefined) {
  if (!orderId) return null;
  // The order's few page answers, the first of them taken here: asked for in time order, SQLite
  // (without planner statistics) would read the shop's answers in time order to find them.
  const answers = await tx.answer.findMany({
    where: { shop, orderId, source: { in: [...PAGE_SOURCES] } },
    select: { source: true, answeredAt: true },
  });
  const first = answers.sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime())[0];
  return first ? sourceLabel(first.source) : null;
}

/** An order's survey was answered on a page: the journeys about that order hear it. */
export async function onPageAnswered(tx: Tx, shop: string, orderId: string, source: PageSource, now: Date) {
  const journeys = await activeJourneysOf(tx, shop, { subjectKey: orderId });
  await react(
    tx,
    shop,
    journeys,
    () => ({ type: "page_answered", orderId, where: SOURCE_LABELS[source] }),
    now,
  );
}
