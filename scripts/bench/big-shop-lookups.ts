// One shop's lookups for `npm run bench:bigshop`, in a process of its own (run with vite-node so it
// imports the app): the app's own functions, on the app's own clients, about one customer of
// BENCH_SHOP — a send's facts (readSendFacts on the direct driver), the customer's active journeys
// (activeJourneysOf, as a webhook's reaction looks them up), the customer's timeline
// (customerTimeline, 50 entries), an order's attribution (recordOrder, as orders/create runs it: an
// order that recovers no cart, so it reads and writes nothing), the HubSpot card of the customer's
// contact (cardData) and the page survey of the customer's order (surveyForOrder, GET
// /extensions/survey); and the shop's Sends page (listPendingSends, 200, and listStoppedSends, 20),
// with the shop-wide count of pending sends listPendingSends makes timed on its own as well. Each
// is run BENCH_WARMUP times unmeasured, then BENCH_ITERATIONS times one after another. Prints one
// JSON line: per lookup the median and p95 in ms, and what the lookups found (so the bench can
// check they found the customer's rows).
import { surveyForOrder } from "../../app/answers/page-answers.server";
import { recordOrder } from "../../app/campaigns/attribution.server";
import { journeysOfAny } from "../../app/campaigns/journey-lookup.server";
import {
  countPendingSends,
  customerTimeline,
  listPendingSends,
  listStoppedSends,
} from "../../app/campaigns/pending.server";
import { activeJourneysOf } from "../../app/campaigns/reactions.server";
import { readSendFacts } from "../../app/campaigns/send-facts.server";
import { cardData } from "../../app/crm/hubspot/card-data.server";
import db, { directDb } from "../../app/db.server";

const shop = process.env.BENCH_SHOP ?? "";
const sendId = process.env.BENCH_SEND_ID ?? "";
const email = process.env.BENCH_EMAIL ?? "";
const customerId = process.env.BENCH_CUSTOMER_ID ?? "";
const subjectKey = process.env.BENCH_SUBJECT_KEY ?? "";
const orderId = process.env.BENCH_ORDER_ID ?? "";
const portalId = process.env.BENCH_PORTAL_ID ?? "";
const hubspotId = process.env.BENCH_HUBSPOT_ID ?? "";
const warmUp = Number(process.env.BENCH_WARMUP ?? "20");
const iterations = Number(process.env.BENCH_ITERATIONS ?? "300");
if (!shop || !sendId || !email || !customerId || !subjectKey || !orderId || !portalId || !hubspotId)
  throw new Error("BENCH_* customer unset");

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

// A new order of the customer from the checkout of their active cart journey, which sent nothing:
// no conversion, so every iteration reads the same rows (the abandoned-cart journeys by checkout
// token, email and customer id, then the win-back ones by email and customer id) and writes none.
const now = new Date();
const placed = {
  person: { customerId, email, firstName: null, lastName: null, acceptsMarketing: false },
  order: {
    id: `${shop}-bench-order`,
    name: "#9999",
    checkoutToken: subjectKey,
    lineItems: [],
    totalCents: 12000,
    currency: "USD",
  },
};

const facts = () => readSendFacts(directDb, sendId);
const journeys = () => activeJourneysOf(db, shop, { subjectKey, email, customerId });
const timeline = () => customerTimeline(db, shop, { email }, { limit: 50 });
const attribution = () => recordOrder(db, shop, placed, now);
const pending = () => listPendingSends(db, shop, { limit: 200 });
const pendingCount = () => countPendingSends(db, shop);
const stopped = () => listStoppedSends(db, shop, { limit: 20 });
const card = () => cardData(db, { portalId, objectId: hubspotId });
const survey = () => surveyForOrder(db, { shop, customerId }, { orderId, locale: "en" });

// What they find, checked by the bench: the send's facts (and its frequency-cap look-back), the
// customer's active journeys, the timeline's journeys and decisions, the journeys attribution
// weighs (as recordOrder looks them up), the Sends page's lists, the card and the survey.
const found = await facts();
const active = await journeys();
const history = await timeline();
const attributed = await attribution();
const weighed = [
  ...(await journeysOfAny(
    db,
    { shop, campaign: "abandoned_cart", enteredAt: { lte: now } },
    { subjectKey, email, customerId },
  )),
  ...(await journeysOfAny(db, { shop, campaign: "winback", enteredAt: { lte: now } }, { email, customerId })),
];
const pendingPage = await pending();
const stoppedPage = await stopped();
const shownCard = await card();
const shownSurvey = await survey();
const result = {
  found: {
    facts: found !== null,
    lastCappedSendAt: found?.lastCappedSendAt?.toISOString() ?? null,
    activeJourneys: active.length,
    timelineJourneys: history?.journeys.length ?? 0,
    timelineDecisions: history?.events.length ?? 0,
    attributed: attributed !== null,
    attributionJourneys: weighed.length,
    pendingShown: pendingPage.sends.length,
    pendingTotal: pendingPage.total,
    pendingMoved: pendingPage.sends.filter((s) => s.why.includes("quiet hours")).length,
    stoppedShown: stoppedPage.length,
    cardAnswers: shownCard.answers.length,
    cardVipTier: shownCard.vipTier,
    surveyAnswered: "answered" in shownSurvey ? Object.keys(shownSurvey.answered).sort() : [],
  },
  facts: await time(facts),
  journeys: await time(journeys),
  timeline: await time(timeline),
  attribution: await time(attribution),
  pending: await time(pending),
  pendingCount: await time(pendingCount),
  stopped: await time(stopped),
  card: await time(card),
  survey: await time(survey),
};
await directDb.close();
await db.$disconnect();
console.log(JSON.stringify(result));
