// What `npm run bench:bigshop` reads from a lookups process (big-shop-lookups.ts: one JSON line),
// and what the lookups must have found in either shop.
import { z } from "zod";
import { counts, type ShopSize } from "./big-shop-rows.ts";

const timingSchema = z.object({ median: z.number(), p95: z.number() });
export type Timing = z.infer<typeof timingSchema>;

export const lookupsSchema = z.object({
  found: z.object({
    facts: z.boolean(),
    lastCappedSendAt: z.string().nullable(),
    activeJourneys: z.number(),
    timelineJourneys: z.number(),
    timelineDecisions: z.number(),
    attributed: z.boolean(),
    attributionJourneys: z.number(),
    pendingShown: z.number(),
    pendingTotal: z.number(),
    pendingMoved: z.number(),
    stoppedShown: z.number(),
    cardAnswers: z.number(),
    cardVipTier: z.string().nullable(),
    surveyAnswered: z.array(z.string()),
  }),
  facts: timingSchema,
  journeys: timingSchema,
  timeline: timingSchema,
  attribution: timingSchema,
  pending: timingSchema,
  pendingCount: timingSchema,
  stopped: timingSchema,
  card: timingSchema,
  survey: timingSchema,
});
export type Lookups = z.infer<typeof lookupsSchema>;

type Key = Exclude<keyof Lookups, "found">;

/**
 * The lookups, as the table and the headlines name them. `partOf`: not a lookup of its own but the
 * part of that one which reads the shop's rows by design (its share of it is printed).
 */
export const LOOKUPS: { key: Key; label: string; headline?: string; partOf?: Key }[] = [
  { key: "facts", label: "send facts" },
  { key: "journeys", label: "active journeys" },
  { key: "timeline", label: "timeline" },
  { key: "attribution", label: "attribution" },
  { key: "pending", label: "pending sends" },
  {
    key: "pendingCount",
    label: "└ its count",
    headline: "pending sends' count (shop-wide)",
    partOf: "pending",
  },
  { key: "stopped", label: "stopped sends" },
  { key: "card", label: "hubspot card" },
  { key: "survey", label: "page survey" },
];

/**
 * What the lookups must have found about the tracked customer: the send's facts with the customer's
 * last sent email; two active journeys (the first-round one and the one being dispatched); the six
 * journeys and twelve decisions of the timeline; five journeys weighed for the order (four
 * abandoned carts, one win-back) and no conversion; on the Sends page the first 200 of the shop's
 * pending sends (20 of them moved out of quiet hours) and 20 stopped ones; the card's three
 * answers and gold tier; the survey's answers by email (the score) and on the page (the follow-up).
 * Empty when all is right.
 */
export function problems(shop: ShopSize, found: Lookups["found"]): string[] {
  const n = counts(shop);
  const expected: [string, unknown, unknown][] = [
    ["readSendFacts found the send", found.facts, true],
    ["the send's facts have a last capped send", found.lastCappedSendAt !== null, true],
    ["active journeys", found.activeJourneys, 2],
    ["timeline journeys", found.timelineJourneys, 6],
    ["timeline decisions", found.timelineDecisions, 12],
    ["the order attributed", found.attributed, false],
    ["journeys attribution weighs", found.attributionJourneys, 5],
    ["pending sends shown", found.pendingShown, 200],
    ["pending sends counted", found.pendingTotal, n.pending + 1],
    ["pending sends moved out of quiet hours", found.pendingMoved, 20],
    ["stopped sends shown", found.stoppedShown, 20],
    ["card answers", found.cardAnswers, 3],
    ["card VIP tier", found.cardVipTier, "gold"],
    ["survey answers", found.surveyAnswered.join(" "), "nps nps_loved"],
  ];
  return expected
    .filter(([, got, want]) => got !== want)
    .map(([what, got, want]) => `${shop.tag}: ${what}: ${String(got)}, expected ${String(want)}`);
}
