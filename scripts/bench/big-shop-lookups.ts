// One shop's lookups for `npm run bench:bigshop`, in a process of its own (run with vite-node so it
// imports the app): the app's own functions, on the app's own clients, about one customer of
// BENCH_SHOP — a send's facts (readSendFacts on the direct driver), the customer's active journeys
// (activeJourneysOf, as a webhook's reaction looks them up) and the customer's timeline
// (customerTimeline, 50 entries). Each is run BENCH_WARMUP times unmeasured, then BENCH_ITERATIONS
// times one after another. Prints one JSON line: per lookup the median and p95 in ms, and what the
// lookups found (so the bench can check they found the customer's rows).
import { activeJourneysOf } from "../../app/campaigns/reactions.server";
import { customerTimeline } from "../../app/campaigns/pending.server";
import { readSendFacts } from "../../app/campaigns/send-facts.server";
import db, { directDb } from "../../app/db.server";

const shop = process.env.BENCH_SHOP ?? "";
const sendId = process.env.BENCH_SEND_ID ?? "";
const email = process.env.BENCH_EMAIL ?? "";
const customerId = process.env.BENCH_CUSTOMER_ID ?? "";
const subjectKey = process.env.BENCH_SUBJECT_KEY ?? "";
const warmUp = Number(process.env.BENCH_WARMUP ?? "20");
const iterations = Number(process.env.BENCH_ITERATIONS ?? "300");
if (!shop || !sendId || !email || !customerId || !subjectKey) throw new Error("BENCH_* customer unset");

/** The value at quantile q of sorted numbers (nearest rank). */
function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** Median and p95 in ms of `lookup`, after warming it up. */
async function time(lookup: () => Promise<unknown>) {
  for (let i = 0; i < warmUp; i++) await lookup();
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await lookup();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

const facts = () => readSendFacts(directDb, sendId);
const journeys = () => activeJourneysOf(db, shop, { subjectKey, email, customerId });
const timeline = () => customerTimeline(db, shop, { email }, { limit: 50 });

// What they find, checked by the bench: the send's facts (and its frequency-cap look-back), the
// customer's active journeys, the timeline's journeys and decisions.
const found = await facts();
const active = await journeys();
const history = await timeline();
const result = {
  found: {
    facts: found !== null,
    lastCappedSendAt: found?.lastCappedSendAt?.toISOString() ?? null,
    activeJourneys: active.length,
    timelineJourneys: history?.journeys.length ?? 0,
    timelineDecisions: history?.events.length ?? 0,
  },
  facts: await time(facts),
  journeys: await time(journeys),
  timeline: await time(timeline),
};
await directDb.close();
await db.$disconnect();
console.log(JSON.stringify(result));
