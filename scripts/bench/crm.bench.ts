// CRM write-behind benchmark: 1,000 confirmed answers for 1,000 contacts plus 200 repeat answers,
// recorded as the answer flow records them, flushed by the production periodic task (1 s tick,
// default linger) against the fake HubSpot: 100 inputs per batch, 110 requests / 10 s per portal
// answered with HubSpot's 429 body, 5 % injected 5xx. Prints API calls per 1,000 answers,
// answer → property latency (p50/p95) and lost writes.
import { fakeHubSpot as fake } from "../../fakes/local-hubspot";
import { expect, it } from "vitest";
import { connectWithToken } from "../../app/crm/hubspot/connection.server";
import { answerProperties } from "../../app/crm/properties";
import { periodicTasks } from "../../app/server/composition.server";
import { recordCrmChange } from "../../app/crm/writes.server";
import db from "../../app/db.server";
import { startPeriodicTasks } from "../../app/jobs/periodic.server";
import { runJobs } from "../../test/helpers/jobs";
import { seedShop } from "../../test/helpers/shopify";

const SHOP = "bench.myshopify.com";
const PORTAL = "4242";
const CONTACTS = 1000;
const REPEATS = 200;
/** Answers per second arriving (people confirming answers across a campaign send). */
const ARRIVAL_PER_SECOND = 400;
const PROPERTY = "replyloop_last_nps_score";

type Answer = { email: string; score: number; at: number };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("CRM write-behind: calls per 1,000 answers, latency, lost writes", async () => {
  await seedShop(SHOP);
  const token = fake.addPortal(PORTAL, { rateLimit: 110 });
  expect(await connectWithToken(db, { shop: SHOP, token })).toMatchObject({ ok: true });
  await runJobs(); // provisioning
  const seed = Number(process.env.BENCH_SEED ?? 42);
  fake.reseed(seed);
  fake.failureRate = 0.05;
  const before = fake.requests.length;
  const writesBefore = fake.writes.length;

  const stop = startPeriodicTasks(periodicTasks.filter((t) => t.name === "crm.flush"));
  const answers: Answer[] = [];
  const record = async (batch: Answer[]) => {
    await db.$transaction(async (tx) => {
      for (const a of batch) {
        const at = new Date(a.at);
        await recordCrmChange(tx, {
          shop: SHOP,
          email: a.email,
          properties: answerProperties({ key: "nps", kind: "scale", value: String(a.score) }, at),
          at,
        });
      }
    });
    answers.push(...batch);
  };
  const started = Date.now();
  const chunk = Math.max(1, Math.round(ARRIVAL_PER_SECOND / 10));
  const all: Omit<Answer, "at">[] = [
    ...Array.from({ length: CONTACTS }, (_, i) => ({ email: `contact${i}@example.com`, score: i % 11 })),
    ...Array.from({ length: REPEATS }, (_, i) => ({
      email: `contact${i * 5}@example.com`,
      score: (i * 5 + 6) % 11,
    })),
  ];
  for (let i = 0; i < all.length; i += chunk) {
    const now = Date.now();
    await record(all.slice(i, i + chunk).map((a) => ({ ...a, at: now })));
    await sleep(Math.max(0, started + ((i + chunk) / ARRIVAL_PER_SECOND) * 1000 - Date.now()));
  }
  const deadline = Date.now() + 180_000;
  while (
    Date.now() < deadline &&
    (await db.crmWrite.count({ where: { state: { in: ["pending", "sending"] } } })) > 0
  )
    await sleep(200);
  await stop();

  const calls = fake.requests.slice(before).filter((r) => r.path === "/crm/v3/objects/contacts/batch/upsert");
  const writes = fake.writes.slice(writesBefore).filter((w) => w.property === PROPERTY);
  const latencies = answers
    .map((a) => writes.find((w) => w.email === a.email && w.at >= a.at))
    .map((w, i) => (w ? w.at - answers[i]!.at : Number.POSITIVE_INFINITY))
    .sort((x, y) => x - y);
  const lastAnswer = new Map(answers.map((a) => [a.email, a.score]));
  const lost = [...lastAnswer].filter(
    ([email, score]) => fake.contact(PORTAL, email)?.properties[PROPERTY] !== String(score),
  ).length;
  const stuck = await db.crmWrite.count({ where: { state: { notIn: ["sent", "superseded"] } } });

  const perThousand = (calls.length / answers.length) * 1000;
  const lines = [
    "",
    "CRM write-behind benchmark (fake HubSpot: 100 inputs/batch, 110 req/10 s with HubSpot's 429 body, 5 % injected 5xx)",
    `  injected-failure seed         ${seed} (BENCH_SEED)`,
    `  answers                       ${answers.length} (${CONTACTS} contacts + ${REPEATS} repeats, arriving at ${ARRIVAL_PER_SECOND}/s)`,
    `  upsert calls                  ${calls.length} (${calls.filter((c) => c.status >= 500).length} answered 5xx, ${calls.filter((c) => c.status === 429).length} answered 429)`,
    `  API calls per 1,000 answers   ${perThousand.toFixed(2)} (goal ≤ 11, floor 10)`,
    `  answer → property latency     p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s, max ${(latencies.at(-1)! / 1000).toFixed(2)} s`,
    `  lost writes                   ${lost + stuck}`,
    `  wall time                     ${((Date.now() - started) / 1000).toFixed(1)} s`,
    "",
  ];
  console.log(lines.join("\n"));
  expect(lost + stuck).toBe(0);
  expect(calls.every((c) => (c.inputs ?? 0) <= 100)).toBe(true);
});
