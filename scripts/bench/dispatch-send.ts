// The sending side of `npm run bench:dispatch`, one worker process (run with vite-node so it imports
// the app): after the sweep claimed the due sends, this process takes its share of them (every
// BENCH_WORKERS-th, from BENCH_WORKER) and sends each through the app's email sender and the outbox
// transport (compose, store the Message, submit, record "sent"), JOB_CONCURRENCY at a time like the
// job worker. The bench's rows have no journeys, so the dispatch job's own checks (exit
// conditions, frequency cap, quiet hours, and its reading of the shop) are not part of this figure:
// each send gets a post-purchase survey email of a one-item order, with the sender identity the
// engine passes from the shop it read (read here once per shop, before the clock starts). Prints
// one JSON line: sent, seconds, and the CPU seconds this process used meanwhile.
import db, { directDb } from "../../app/db.server";
import { createOutboxTransport } from "../../app/email/outbox/transport.server";
import { createEmailSender } from "../../app/email/sender.server";
import { appClock } from "../../app/lib/app-clock.server";
import { DEFAULT_QUESTIONS } from "../../app/campaigns/questions";
import { senderOf, type ShopSender } from "../../app/email/compose";
import type { OutgoingEmail } from "../../app/email/outgoing";
import { readShop } from "../../app/shops/shops.server";

const worker = Number(process.env.BENCH_WORKER ?? "0");
const workers = Number(process.env.BENCH_WORKERS ?? "1");
const concurrency = Number(process.env.JOB_CONCURRENCY ?? "4");

/** The post-purchase survey email of a one-item order, as the engine builds it. */
function surveyEmail(shop: string, sendId: string, email: string, from?: ShopSender): OutgoingEmail {
  return {
    ...(from ? { from } : {}),
    shop,
    sendId,
    campaign: "post_purchase",
    step: "post_purchase_survey",
    template: "post_purchase_survey",
    to: { email, customerId: null },
    content: {},
    data: {
      shop: {
        name: "Bench Store",
        domain: shop,
        email: "hello@bench-store.example",
        address: "150 Elgin Street, Ottawa ON K2P 1L4, Canada",
        logo_url: null,
        brand_color: "#0a7d55",
        url: "https://bench-store.example",
      },
      customer: { email, first_name: "Alex", last_name: null },
      order: {
        id: "450789469",
        name: "#1001",
        line_items: [
          { title: "Trail runner", variant_title: "42", quantity: 1, price: "$120.00", image_url: null },
        ],
        total_price: "$120.00",
      },
    },
    questions: [DEFAULT_QUESTIONS.nps],
    marketing: false,
  };
}

const claimed = await db.scheduledSend.findMany({
  where: { state: "dispatching" },
  select: { id: true, shop: true, email: true },
  orderBy: { id: "asc" },
});
const mine = claimed.filter((_, i) => i % workers === worker);
const senders = new Map<string, ShopSender>();
for (const { shop } of mine) if (!senders.has(shop)) senders.set(shop, senderOf(await readShop(db, shop)));
const sender = createEmailSender({
  db,
  transport: createOutboxTransport({ clock: appClock }),
  clock: appClock,
  config: {
    baseUrl: process.env.SHOPIFY_APP_URL ?? "",
    signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
    fromAddress: process.env.EMAIL_FROM_ADDRESS ?? "",
    unsubscribeMailto: null,
  },
});
// Warm up the templates and connections outside the measurement.
await sender.send(surveyEmail("bench.myshopify.com", `warm-up-${worker}`, "warm-up@example.com"));

// Every worker starts at the same moment (BENCH_START_AT), so parallel runs overlap fully.
const startAt = Number(process.env.BENCH_START_AT ?? "0");
if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
const started = performance.now();
const cpuBefore = process.cpuUsage();
let next = 0;
let sent = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < mine.length) {
      const send = mine[next++]!;
      const outcome = await sender.send(surveyEmail(send.shop, send.id, send.email, senders.get(send.shop)));
      if (outcome.status !== "sent") throw new Error(`send ${send.id}: ${JSON.stringify(outcome)}`);
      sent++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await Promise.all([db.$disconnect(), directDb.close()]);
console.log(JSON.stringify({ sent, seconds, cpuSeconds }));
