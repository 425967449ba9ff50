// npm run bench:bigshop — a customer's lookups cost the same in a big shop as in a small one.
//
// The hot paths read one customer's rows: a send's facts (readSendFacts: the frequency cap's last
// sent email of the customer, the journey's conversion …), the journeys a webhook reacts to
// (activeJourneysOf by subject key, email and Shopify id) and the customer's timeline
// (customerTimeline). With the indexes of migrations 20261207102924, 20261207104359 and
// 20261207105321, and one lookup per key (app/campaigns/journey-lookup.server.ts), each should cost
// what the customer's rows cost, not what the shop's do. So, on a fresh SQLite file
// and, when TEST_DATABASE_URL is set (npm run bench:bigshop runs under scripts/with-postgres.sh), a
// fresh PostgreSQL database, both with the migrations deployed, this seeds two shops with
// set-based SQL (scripts/bench/big-shop-seed.ts):
//   small: 100 customers — 300 journeys, 1,000 decisions, 200 sent emails, 50 conversions, 200
//          answers, 200 order webhooks;
//   big:   100,000 customers × BENCH_SCALE (default 1) — 300,000 journeys, 1,000,000 decisions,
//          200,000 sent emails, 50,000 conversions, 200,000 answers, 200,000 order webhooks;
// every customer with the same rows in both (3 journeys, 10 decisions, 2 sent emails …), and one
// customer (c7@example.com) with a journey whose email is being dispatched. PostgreSQL is
// ANALYZEd after seeding, as autovacuum does for the app's databases; SQLite is not (the app never
// runs ANALYZE on its file). Then each shop's lookups about that customer run in a process of their
// own (scripts/bench/big-shop-lookups.ts: the app's functions on the app's clients), the small
// shop's first: it is the named baseline. Printed per database: median and p95 ms of each lookup in
// each shop, the ratio big ÷ small of the medians (goal ≤ 2), and one headline line per lookup, e.g.
//   postgresql send facts big÷small: 1.1
// Exits non-zero when a lookup does not find the customer's rows (not on the ratio).
import { spawnSync } from "node:child_process";
import os from "node:os";
import Database from "better-sqlite3";
import { z } from "zod";
import { sqlitePath } from "../../app/db/database-url.ts";
import { deployMigrations } from "../db/deploy.ts";
import { projectRoot } from "../db/prisma-cli.ts";
import { appScriptArgs, appScriptEnv } from "./app-script.ts";
import { freshDatabase, withPg } from "./databases.ts";
import {
  counts,
  customerIdOf,
  emailOf,
  factsSendId,
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

const SMALL: ShopSize = { tag: "small", domain: "small-shop.myshopify.com", customers: 100 };
const BIG: ShopSize = {
  tag: "big",
  domain: "big-shop.myshopify.com",
  customers: Math.max(100, Math.round(100_000 * SCALE)),
};

const timingSchema = z.object({ median: z.number(), p95: z.number() });
const lookupsSchema = z.object({
  found: z.object({
    facts: z.boolean(),
    lastCappedSendAt: z.string().nullable(),
    activeJourneys: z.number(),
    timelineJourneys: z.number(),
    timelineDecisions: z.number(),
  }),
  facts: timingSchema,
  journeys: timingSchema,
  timeline: timingSchema,
});
type Lookups = z.infer<typeof lookupsSchema>;
type Timing = z.infer<typeof timingSchema>;

/** The lookups, as the table and the headlines name them. */
const LOOKUPS = [
  { key: "facts", label: "send facts" },
  { key: "journeys", label: "active journeys" },
  { key: "timeline", label: "timeline" },
] as const;

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

/** One shop's lookups about the tracked customer, in a process of its own. */
function measure(url: string, shop: ShopSize): Lookups {
  const child = spawnSync(process.execPath, appScriptArgs("scripts/bench/big-shop-lookups.ts"), {
    cwd: projectRoot,
    env: appScriptEnv(url, {
      BENCH_SHOP: shop.domain,
      BENCH_SEND_ID: factsSendId(shop),
      BENCH_EMAIL: emailOf(TRACKED),
      BENCH_CUSTOMER_ID: customerIdOf(TRACKED),
      BENCH_SUBJECT_KEY: subjectKeyOf(TRACKED),
      BENCH_WARMUP: String(WARMUP),
      BENCH_ITERATIONS: String(ITERATIONS),
    }),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the lookups process of ${shop.tag} failed (${child.status})`);
  return lookupsSchema.parse(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? ""));
}

/**
 * What the lookups must have found about the tracked customer: the send's facts with the customer's
 * last sent email, two active journeys (the first-round one and the one being dispatched), the four
 * journeys and ten decisions of the timeline. Empty when all is right.
 */
function problems(shop: ShopSize, found: Lookups["found"]): string[] {
  const wrong: string[] = [];
  if (!found.facts) wrong.push("readSendFacts returned null");
  if (found.lastCappedSendAt === null) wrong.push("the send's facts have no last capped send");
  if (found.activeJourneys !== 2) wrong.push(`${found.activeJourneys} active journeys, expected 2`);
  if (found.timelineJourneys !== 4) wrong.push(`${found.timelineJourneys} timeline journeys, expected 4`);
  if (found.timelineDecisions !== 10)
    wrong.push(`${found.timelineDecisions} timeline decisions, expected 10`);
  return wrong.map((w) => `${shop.tag}: ${w}`);
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

function printTable(r: Run) {
  console.log(`\n${r.kind} (seeded in ${r.seedSeconds.toFixed(1)} s) — ms, median / p95 of ${ITERATIONS}`);
  console.log(`${"lookup".padEnd(16)} ${"small".padStart(14)} ${"big".padStart(14)}   big ÷ small`);
  for (const { key, label } of LOOKUPS)
    console.log(
      `${label.padEnd(16)} ${ms(r.small[key]).padStart(14)} ${ms(r.big[key]).padStart(14)}   ${ratio(r.big[key], r.small[key])}`,
    );
}

const big = counts(BIG);
const small = counts(SMALL);
const rows = (c: ReturnType<typeof counts>) =>
  `${c.journeys.toLocaleString("en")} journeys, ${c.decisions.toLocaleString("en")} decisions, ` +
  `${c.sends.toLocaleString("en")} sent, ${c.conversions.toLocaleString("en")} conversions, ` +
  `${c.answers.toLocaleString("en")} answers, ${c.orderEvents.toLocaleString("en")} order webhooks`;
console.log(
  `bench:bigshop — small shop: ${rows(small)}; big shop: ${rows(big)}` +
    `${SCALE === 1 ? "" : ` (BENCH_SCALE=${SCALE})`}; ${os.cpus().length} cores, ` +
    `load average ${os.loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `lookups about ${emailOf(TRACKED)} (3 + 1 journeys, 10 decisions, 2 sent in either shop), ` +
    `${WARMUP} warm-up + ${ITERATIONS} each; baseline: the small shop, in its own process`,
);
const kinds: Kind[] = ["sqlite"];
if (process.env.TEST_DATABASE_URL) kinds.push("postgresql");
else console.log("(PostgreSQL skipped: TEST_DATABASE_URL is not set; npm run bench:bigshop sets it)");
const runs: Run[] = [];
for (const kind of kinds) runs.push(await run(kind));

for (const r of runs) printTable(r);
console.log(`\ngoal: big ÷ small ≤ ${GOAL_RATIO} (the cost follows the customer, not the shop)`);
for (const r of runs)
  for (const { key, label } of LOOKUPS)
    console.log(`${r.kind} ${label} big÷small: ${ratio(r.big[key], r.small[key])}`);
const failed = runs.flatMap((r) => r.problems.map((p) => `${r.kind} ${p}`));
for (const p of failed) console.error(`check failed: ${p}`);
if (failed.length > 0) process.exit(1);
