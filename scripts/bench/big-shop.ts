// npm run bench:bigshop — a customer's lookups cost the same in a big shop as in a small one.
//
// The hot paths read one customer's rows: a send's facts (readSendFacts: the frequency cap's last
// sent email of the customer, the journey's conversion …), the journeys a webhook reacts to
// (activeJourneysOf by subject key, email and Shopify id), the customer's timeline
// (customerTimeline), an order's attribution (recordOrder on every orders/create: the customer's
// abandoned-cart journeys by checkout token, email and customer id, then their win-back ones), the
// HubSpot card of the customer's contact (cardData) and the page survey of the customer's order
// (surveyForOrder, GET /extensions/survey: the order's page answers and the answers to its survey
// email, by message id). With the indexes of migrations 20261207102924, 20261207104359 and
// 20261207105321 and the queries shaped for SQLite's planner (one lookup per key, per state …),
// each should cost what the customer's rows cost, not what the shop's do. The Sends page
// (listPendingSends, 200, and listStoppedSends, 20) is the shop's, not a customer's: it should cost
// a page, whatever the shop's size — but for the count of the shop's pending sends
// listPendingSends makes by design, which is timed on its own as well ("└ its count") and printed
// as its share. So, on a fresh SQLite file and, when TEST_DATABASE_URL is set (npm run
// bench:bigshop runs under scripts/with-postgres.sh), a fresh PostgreSQL database, both with the
// migrations deployed, this seeds two shops with set-based SQL (big-shop-seed.ts,
// big-shop-seed-extra.ts):
//   small: 100 customers — 500 journeys, 1,200 decisions, 300 sent emails, 200 pending and 200
//          stopped sends, 300 answers, 100 orders with a page answer each, 200 order webhooks,
//          100 customers and HubSpot contacts;
//   big:   100,000 customers × BENCH_SCALE (default 1) — 500,000 journeys, 1,200,000 decisions,
//          300,000 sent emails, 200,000 pending and 200,000 stopped sends, 300,000 answers,
//          100,000 orders and page answers, 200,000 order webhooks, 100,000 customers and contacts;
// every customer with the same rows in both (big-shop-rows.ts: 5 journeys, 12 decisions, 3 sent …),
// and one customer (c7@example.com) with a journey whose email is being dispatched. PostgreSQL is
// ANALYZEd after seeding, as autovacuum does for the app's databases; SQLite is not (the app never
// runs ANALYZE on its file). Then each shop's lookups run in a process of their own
// (big-shop-lookups.ts: the app's functions on the app's clients), the small shop's first: it is
// the named baseline. Printed per database: median and p95 ms of each lookup in each shop, the
// ratio big ÷ small of the medians (goal ≤ 2), and one headline line per lookup, e.g.
//   postgresql send facts big÷small: 1.1
// Exits non-zero when a lookup does not find the customer's rows (not on the ratio).
import { spawnSync } from "node:child_process";
import os from "node:os";
import Database from "better-sqlite3";
import { sqlitePath } from "../../app/db/database-url.ts";
import { deployMigrations } from "../db/deploy.ts";
import { projectRoot } from "../db/prisma-cli.ts";
import { appScriptArgs, appScriptEnv } from "./app-script.ts";
import { LOOKUPS, lookupsSchema, problems, type Lookups, type Timing } from "./big-shop-checks.ts";
import { freshDatabase, withPg } from "./databases.ts";
import {
  counts,
  customerIdOf,
  emailOf,
  factsSendId,
  hubspotIdOf,
  orderIdOf,
  seedStatements,
  subjectKeyOf,
  TRACKED,
  type Kind,
  type ShopSize,
} from "./big-shop-seed.ts";

const SCALE = Number(process.env.BENCH_SCALE ?? "1");
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? "300");
const WARMUP = 20;
const GOAL_RATIO = 2;
if (!(SCALE > 0)) throw new Error("BENCH_SCALE must be a positive number");

const SMALL: ShopSize = {
  tag: "small",
  domain: "small-shop.myshopify.com",
  customers: 100,
  portalId: "1001",
};
const BIG: ShopSize = {
  tag: "big",
  domain: "big-shop.myshopify.com",
  customers: Math.max(100, Math.round(100_000 * SCALE)),
  portalId: "2002",
};

/** Both shops' rows, each shop in one transaction; PostgreSQL's statistics brought up to date. */
async function seed(kind: Kind, url: string) {
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(url));
    db.pragma("journal_mode = WAL");
    for (const shop of [SMALL, BIG])
      db.transaction(() => seedStatements(kind, shop).forEach((s) => db.exec(s)))();
    db.close();
    return;
  }
  await withPg(url, async (client) => {
    for (const shop of [SMALL, BIG]) {
      await client.query("BEGIN");
      for (const statement of seedStatements(kind, shop)) await client.query(statement);
      await client.query("COMMIT");
    }
    await client.query("ANALYZE");
  });
}

/** One shop's lookups about the tracked customer (and its Sends page), in a process of its own. */
function measure(url: string, shop: ShopSize): Lookups {
  const child = spawnSync(process.execPath, appScriptArgs("scripts/bench/big-shop-lookups.ts"), {
    cwd: projectRoot,
    env: appScriptEnv(url, {
      BENCH_SHOP: shop.domain,
      BENCH_SEND_ID: factsSendId(shop),
      BENCH_EMAIL: emailOf(TRACKED),
      BENCH_CUSTOMER_ID: customerIdOf(TRACKED),
      BENCH_SUBJECT_KEY: subjectKeyOf(TRACKED),
      BENCH_ORDER_ID: orderIdOf(shop, TRACKED),
      BENCH_PORTAL_ID: shop.portalId,
      BENCH_HUBSPOT_ID: hubspotIdOf(TRACKED),
      BENCH_WARMUP: String(WARMUP),
      BENCH_ITERATIONS: String(ITERATIONS),
    }),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the lookups process of ${shop.tag} failed (${child.status})`);
  return lookupsSchema.parse(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? ""));
}

type Run = { kind: Kind; seedSeconds: number; small: Lookups; big: Lookups; problems: string[] };

async function run(kind: Kind): Promise<Run> {
  const database = await freshDatabase(kind, "bigshop");
  try {
    deployMigrations(database.url);
    const started = performance.now();
    await seed(kind, database.url);
    const seedSeconds = (performance.now() - started) / 1000;
    const small = measure(database.url, SMALL); // the baseline, first and in its own process
    const big = measure(database.url, BIG);
    return {
      kind,
      seedSeconds,
      small,
      big,
      problems: [...problems(SMALL, small.found), ...problems(BIG, big.found)],
    };
  } finally {
    await database.drop();
  }
}

const ms = (t: Timing) => `${t.median.toFixed(2)} / ${t.p95.toFixed(2)}`;
const ratio = (big: Timing, small: Timing) => (big.median / small.median).toFixed(1);
const share = (part: Timing, whole: Timing) => `${Math.round((100 * part.median) / whole.median)}%`;
type Key = (typeof LOOKUPS)[number]["key"];
const labelOf = (key: Key) => LOOKUPS.find((l) => l.key === key)?.label ?? key;
/** A shop-wide part's note: its share of the lookup it is part of, in either shop. */
const shopWideNote = (r: Run, key: Key, of: Key) =>
  ` (shop-wide by design: ${share(r.small[key], r.small[of])} of ${labelOf(of)} in small, ` +
  `${share(r.big[key], r.big[of])} in big)`;
const note = (r: Run, lookup: (typeof LOOKUPS)[number]) =>
  lookup.partOf ? shopWideNote(r, lookup.key, lookup.partOf) : "";

function printTable(r: Run) {
  console.log(`\n${r.kind} (seeded in ${r.seedSeconds.toFixed(1)} s) — ms, median / p95 of ${ITERATIONS}`);
  console.log(`${"lookup".padEnd(16)} ${"small".padStart(14)} ${"big".padStart(14)}   big ÷ small`);
  for (const lookup of LOOKUPS) {
    const { key, label } = lookup;
    console.log(
      `${label.padEnd(16)} ${ms(r.small[key]).padStart(14)} ${ms(r.big[key]).padStart(14)}   ` +
        `${ratio(r.big[key], r.small[key])}${note(r, lookup)}`,
    );
  }
}

const big = counts(BIG);
const small = counts(SMALL);
const num = (n: number) => n.toLocaleString("en");
const rows = (c: ReturnType<typeof counts>) =>
  `${num(c.journeys)} journeys, ${num(c.decisions)} decisions, ${num(c.sent)} sent, ` +
  `${num(c.pending)} pending and ${num(c.stopped)} stopped sends, ${num(c.conversions)} conversions, ` +
  `${num(c.answers)} answers, ${num(c.orders)} orders and page answers, ${num(c.orderEvents)} order ` +
  `webhooks, ${num(c.customers)} customers and HubSpot contacts`;
console.log(
  `bench:bigshop — small shop: ${rows(small)}; big shop: ${rows(big)}` +
    `${SCALE === 1 ? "" : ` (BENCH_SCALE=${SCALE})`}; ${os.cpus().length} cores, ` +
    `load average ${os.loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `lookups about ${emailOf(TRACKED)} (5 + 1 journeys, 12 decisions, 3 sent, 3 answers in either shop) ` +
    `and the shop's Sends page, ${WARMUP} warm-up + ${ITERATIONS} each; baseline: the small shop, ` +
    `in its own process`,
);
const kinds: Kind[] = ["sqlite"];
if (process.env.TEST_DATABASE_URL) kinds.push("postgresql");
else console.log("(PostgreSQL skipped: TEST_DATABASE_URL is not set; npm run bench:bigshop sets it)");
const runs: Run[] = [];
for (const kind of kinds) runs.push(await run(kind));

for (const r of runs) printTable(r);
console.log(
  `\ngoal: big ÷ small ≤ ${GOAL_RATIO} (the cost follows the customer, or the page, not the shop; ` +
    `not for a shop-wide part)`,
);
for (const r of runs)
  for (const lookup of LOOKUPS)
    console.log(
      `${r.kind} ${lookup.headline ?? lookup.label} big÷small: ` +
        `${ratio(r.big[lookup.key], r.small[lookup.key])}${note(r, lookup)}`,
    );
const failed = runs.flatMap((r) => r.problems.map((p) => `${r.kind} ${p}`));
for (const p of failed) console.error(`check failed: ${p}`);
if (failed.length > 0) process.exit(1);
