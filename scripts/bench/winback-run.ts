// One process of `npm run bench:winback` (run with vite-node; DATABASE_URL names its own copy of
// the seeded database). BENCH_MODE:
// - seed: one shop with win-back on and BENCH_CUSTOMERS customers whose last orders are spread over
//   two years, as after the scan has run for a long time: each lapsed customer is due again a
//   threshold after the scan last took it, so a day's worth (about 1 %) is due at the bench's "now";
// - scan: the product's periodic task (scanWinback) until nothing is due — an indexed read of the
//   due rows, each taken and offered to the engine;
// - baseline: the naive way — read the shop's whole customer table, pick the due rows in
//   JavaScript — then the same claim and the same engine.
// Prints one JSON line with its figures.
import { performance } from "node:perf_hooks";
import { saveCampaign } from "../../app/campaigns/config.server";
import { dueAfter } from "../../app/campaigns/winback-due.server";
import { offerLapsed, scanWinback } from "../../app/campaigns/winback.server";
import db from "../../app/db.server";
import { dueCustomersQuery, engine } from "../../app/campaigns/winback-due.server";
import { defaultShopSettings } from "../../app/shops/settings";

const SHOP = "bench-winback.myshopify.com";
const DAY = 24 * 3600_000;
const THRESHOLD = 90;
const NOW = new Date("2026-06-01T10:00:00Z");
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const BATCH = 50;

/** A deterministic spread (no Math.random: every run seeds the same store). */
const spread = (i: number, modulo: number) => ((i * 2_654_435_761) >>> 0) % modulo;

async function seed() {
  await db.shop.create({ data: { domain: SHOP, name: "Bench Outfitters", settings: defaultShopSettings } });
  await db.$transaction((tx) => saveCampaign(tx, SHOP, "winback", { enabled: true }));
  const states = [
    "SUBSCRIBED",
    "SUBSCRIBED",
    "SUBSCRIBED",
    "SUBSCRIBED",
    "SUBSCRIBED",
    "SUBSCRIBED",
    "SUBSCRIBED",
    "NOT_SUBSCRIBED",
    "UNSUBSCRIBED",
    "NOT_SUBSCRIBED",
  ];
  let due = 0;
  for (let start = 0; start < CUSTOMERS; start += 2000) {
    const rows = [];
    for (let i = start; i < Math.min(CUSTOMERS, start + 2000); i++) {
      const lastOrderAt = new Date(NOW.getTime() - spread(i, 730 * 24) * 3600_000);
      // Lapsed customers were taken by earlier ticks: due again a threshold after, within (now − 1 day, now + 89 days].
      let winbackDueAt = dueAfter(lastOrderAt, THRESHOLD);
      while (winbackDueAt.getTime() <= NOW.getTime() - DAY) winbackDueAt = dueAfter(winbackDueAt, THRESHOLD);
      if (winbackDueAt <= NOW) due++;
      rows.push({
        shop: SHOP,
        shopifyId: String(1_000_000 + i),
        email: `customer${i}@example.com`,
        firstName: `Customer ${i}`,
        marketingState: states[i % states.length]!,
        ordersCount: 1 + spread(i, 12),
        tags: [],
        lastOrderAt,
        lastOrderId: String(5_000_000 + i),
        winbackDueAt,
      });
    }
    await db.customer.createMany({ data: rows });
  }
  return { customers: CUSTOMERS, due };
}

/** Ticks of the product's scan until nothing is due: time per tick, and the index read alone. */
async function scan() {
  const query = dueCustomersQuery(engine(), SHOP, NOW, BATCH);
  const readStart = performance.now();
  await db.$queryRawUnsafe(query.sql, ...query.args);
  const findMs = performance.now() - readStart;
  const ticks: number[] = [];
  let claimed = 0;
  let entered = 0;
  for (;;) {
    const start = performance.now();
    const result = await scanWinback(NOW);
    if (result.claimed === 0) break;
    ticks.push(performance.now() - start);
    claimed += result.claimed;
    entered += result.entered;
  }
  return { ticks, claimed, entered, findMs };
}

/** The naive scan: every customer of the shop read, the due ones picked in JavaScript, then the same claim and engine. */
async function baseline() {
  const ticks: number[] = [];
  let claimed = 0;
  let entered = 0;
  let findMs = 0;
  for (;;) {
    const start = performance.now();
    const all = await db.customer.findMany({ where: { shop: SHOP } });
    const due = all
      .filter((c) => c.winbackDueAt !== null && c.winbackDueAt <= NOW)
      .sort((a, b) => (a.winbackDueAt?.getTime() ?? 0) - (b.winbackDueAt?.getTime() ?? 0))
      .slice(0, 1000);
    if (ticks.length === 0) findMs = performance.now() - start;
    if (due.length === 0) break;
    for (let i = 0; i < due.length; i += BATCH) {
      const chunk = due.slice(i, i + BATCH);
      entered += await db.$transaction(async (tx) => {
        const taken = await tx.customer.updateManyAndReturn({
          where: { id: { in: chunk.map((c) => c.id) }, winbackDueAt: { lte: NOW } },
          data: { winbackDueAt: dueAfter(NOW, THRESHOLD) },
        });
        claimed += taken.length;
        const dueAt = new Map(chunk.map((c) => [c.id, c.winbackDueAt ?? NOW]));
        return offerLapsed(
          tx,
          SHOP,
          taken.map((customer) => ({ customer, dueAt: dueAt.get(customer.id) ?? NOW })),
          NOW,
        );
      });
    }
    ticks.push(performance.now() - start);
  }
  return { ticks, claimed, entered, findMs };
}

/** The first queries pay for connecting and compiling: not part of either figure. */
async function warmUp() {
  await db.customer.findFirst({ where: { shop: SHOP }, select: { id: true } });
  await db.$queryRawUnsafe("SELECT 1");
}

const mode = process.env.BENCH_MODE;
if (mode !== "seed") await warmUp();
const result =
  mode === "seed"
    ? await seed()
    : mode === "scan"
      ? await scan()
      : mode === "baseline"
        ? await baseline()
        : null;
if (!result) throw new Error(`BENCH_MODE must be seed, scan or baseline (got ${mode})`);
console.log(`BENCH ${JSON.stringify(result)}`);
await db.$disconnect();
