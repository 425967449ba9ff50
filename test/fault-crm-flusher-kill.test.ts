// Issue 17, R3, the CRM half (PostgreSQL, where several worker processes run): 60 customers of a
// shop connected to HubSpot answer the NPS question again and again, each every 0.4 s, while two
// worker processes flush the answers to the HubSpot stand-in. Like HubSpot it takes a few hundred
// ms per call, so a contact's next answer comes while the last one is on the wire. Three times, a
// worker with a batch on the wire is killed with SIGKILL and started again.
// What a sales rep would check, from the stand-in's contacts and its log of written values: every
// customer's last answer is on their contact, no contact ever went back to an older answer after a
// newer one was written; and nothing is left waiting in Replyloop.
// The workers' app clock runs 10× faster than the real one (test/workers/app-worker.ts), so the
// claims a killed worker held come back when their lease lapses, without waiting a real minute.
import { fakeHubSpot as hubspot } from "../fakes/local-hubspot";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { answerProperties } from "../app/crm/properties";
import { recordCrmChange } from "../app/crm/writes.server";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import type { RecordedRequest } from "../fakes/hubspot-server";
import { AppWorkers } from "./helpers/app-workers";
import { runJobs } from "./helpers/jobs";
import { seedShop, TEST_SHOP } from "./helpers/shopify";
import { fakeShopifyAdmin } from "./setup/fakes";

const onPostgres = process.env.TEST_DB_ENGINE === "postgresql";
const PORTAL = "7118";
const CONTACTS = 60;
const ROUND_MS = 400; // real time in which every contact gives its next answer
const WARM_UP_MS = 3_000; // both workers flushing the answers before the first kill
const START = "2026-12-07T10:00:00.000Z";
const SPEED = 10;
// The app clock of this process and of the workers: START at realStart, 10× faster than real time.
const realStart = Date.now();
const clock = { now: () => new Date(Date.parse(START) + (Date.now() - realStart) * SPEED) };
installClock(clock);

const UPSERT = "/crm/v3/objects/contacts/batch/upsert";
const SCORE = "replyloop_last_nps_score";
const ANSWERED_AT = "replyloop_last_answer_at";
type Answer = { score: string; at: string };
const emails = Array.from({ length: CONTACTS }, (_, i) => `flush-${i}@example.com`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let workers: AppWorkers | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  await seedShop(TEST_SHOP);
  const token = hubspot.addPortal(PORTAL);
  expect(await connectWithToken(db, { shop: TEST_SHOP, token })).toMatchObject({ ok: true });
  await runJobs(); // property provisioning
  await db.crmWrite.deleteMany();
  hubspot.latencyMs = { min: 200, max: 1_600 };
}, 60_000);

afterAll(async () => {
  await workers?.killAll();
  await hubspot.stop();
});

/**
 * Rounds of answers, one every ROUND_MS, until `done()`: in each, every contact answers again (NPS
 * scores 0, 1, …, 10, 0, …) at a random moment of the round, recorded as the product records an
 * answer (a CrmWrite per property, stamped with the app time of the answer). A contact's answers are
 * stamped at increasing times. Returns each contact's answers, in order.
 */
async function answerInRounds(done: () => boolean) {
  const answers = new Map<string, Answer[]>(emails.map((email) => [email, []]));
  let previous = 0;
  for (let round = 0; !done(); round++) {
    const roundStart = Date.now();
    const due = emails
      .map((email) => ({ email, offsetMs: Math.random() * 0.8 * ROUND_MS }))
      .sort((a, b) => a.offsetMs - b.offsetMs);
    let next = 0;
    while (next < due.length && !done()) {
      await sleep(10);
      const group: { email: string }[] = [];
      while (next < due.length && due[next]!.offsetMs <= Date.now() - roundStart) group.push(due[next++]!);
      if (group.length === 0) continue;
      const at = new Date(Math.max(clock.now().getTime(), previous + 1));
      previous = at.getTime();
      const answer = { score: String(round % 11), at: at.toISOString() };
      const properties = answerProperties({ key: "nps", kind: "scale", value: answer.score }, at);
      await db.$transaction(async (tx) => {
        for (const { email } of group) await recordCrmChange(tx, { shop: TEST_SHOP, email, properties, at });
      });
      for (const { email } of group) answers.get(email)!.push(answer);
    }
    await sleep(roundStart + ROUND_MS - Date.now());
  }
  return answers;
}

/**
 * A worker's batch upsert on the wire (it came in on `origin`, request number `from` on):
 * "arriving" before HubSpot acted on it, "answering" after HubSpot acted on it but before its answer
 * is back (fakes/hubspot-server.ts, latencyMs).
 */
function upsertOnTheWire(origin: string, from: number, phase: "arriving" | "answering") {
  return hubspot.requests
    .slice(from)
    .find(
      (r) =>
        r.origin === origin &&
        r.path === UPSERT &&
        !r.dropped &&
        r.answeredAt === undefined &&
        (phase === "arriving" ? r.status === 0 : r.status !== 0),
    );
}

/** For each contact, the values the stand-in wrote to `property`, in the order it wrote them. */
function writtenValues(property: string) {
  const values = new Map<string, string[]>();
  for (const write of hubspot.writes)
    if (write.portalId === PORTAL && write.property === property)
      values.set(write.email, [...(values.get(write.email) ?? []), write.value]);
  return values;
}

describe.skipIf(!onPostgres)("two worker processes flushing to HubSpot, killed three times", () => {
  it(`writes each of ${CONTACTS} contacts' last answer, never an older answer after a newer one`, async () => {
    const pool = (workers = new AppWorkers({
      origin: START,
      realStart,
      speed: SPEED,
      env: { SHOPIFY_ADMIN_API_ORIGIN: fakeShopifyAdmin.url },
    }));
    // Each worker reaches HubSpot through an address of its own, so the test sees whose requests are whose.
    type Worker = { origin: string; from: number; child: ChildProcess };
    const start = async (origin: string): Promise<Worker> => {
      const from = hubspot.requests.length;
      return { origin, from, child: await pool.start({ HUBSPOT_API_BASE_URL: origin }) };
    };
    const running = await Promise.all([start(hubspot.url), start(await hubspot.addOrigin())]);
    let lastKill = false;
    const answering = answerInRounds(() => lastKill);
    await sleep(WARM_UP_MS);

    // Three kills, each at a random moment, then as soon as a worker has a batch on the wire: the
    // first and the last before HubSpot has the request (its connection cut: nothing written, the
    // rows must come back), the second after HubSpot wrote it but before the answer is back
    // (written, not recorded). The answers stop with the last kill, so the worker dies holding its
    // contacts' last answers. The killed worker is started again each time.
    const phases = ["arriving", "answering", "arriving"] as const;
    const killed: (RecordedRequest | undefined)[] = [];
    for (const [k, phase] of phases.entries()) {
      await sleep((Math.random() * ROUND_MS) / 2);
      const limit = Date.now() + 15_000;
      const onTheWire = () => {
        const busy = running.flatMap((worker, i) => {
          const request = upsertOnTheWire(worker.origin, worker.from, phase);
          return request ? [{ i, request }] : [];
        });
        return busy[Math.floor(Math.random() * busy.length)];
      };
      let victim = onTheWire();
      while (Date.now() < limit && !victim) {
        await sleep(2);
        victim = onTheWire();
      }
      const i = victim?.i ?? 0;
      if (k === phases.length - 1) lastKill = true;
      if (phase === "arriving") hubspot.cutOff(running[i]!.origin);
      await pool.kill(running[i]!.child);
      killed.push(victim?.request);
      running[i] = await start(running[i]!.origin);
    }
    const answers = await answering;

    const waiting = () => db.crmWrite.count({ where: { state: { notIn: ["sent", "superseded"] } } });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await waiting()) > 0) await sleep(250);
    const states = await db.crmWrite.groupBy({ by: ["state", "error"], _count: true });
    const diagnosis = `batches the kills caught: ${JSON.stringify(killed)}
answers per contact: ${answers.get(emails[0]!)?.length}; rows: ${JSON.stringify(states)}
${pool.output()}`;

    // Each kill caught a batch on the wire, so its claim had to come back after the lease: the first
    // and the last one HubSpot never got, the second one it wrote without the worker knowing.
    expect(
      killed.map((r) => r && { dropped: r.dropped === true, written: r.status === 200 }),
      diagnosis,
    ).toEqual([
      { dropped: true, written: false },
      { dropped: false, written: true },
      { dropped: true, written: false },
    ]);
    // Nothing waits, is in flight or failed in Replyloop: every write was sent or overtaken by a newer one.
    expect(await waiting(), diagnosis).toBe(0);

    // Every contact in HubSpot holds its last answer.
    const wrong = emails.filter((email) => {
      const properties = hubspot.contact(PORTAL, email)?.properties;
      const last = answers.get(email)!.at(-1)!;
      return properties?.[SCORE] !== last.score || properties[ANSWERED_AT] !== last.at;
    });
    expect(wrong, diagnosis).toEqual([]);

    // No contact went back to an older answer after a newer one was written (a repeat is harmless).
    const stamps = writtenValues(ANSWERED_AT);
    const backwards = emails.filter((email) =>
      stamps.get(email)?.some((t, i, all) => i > 0 && t < all[i - 1]!),
    );
    expect(
      backwards.map((email) => [email, stamps.get(email)]),
      diagnosis,
    ).toEqual([]);
    // The answers reached HubSpot one after another, not merged into one: the order was at stake.
    const severalValues = emails.filter((email) => new Set(stamps.get(email)).size > 1);
    expect(severalValues.length, diagnosis).toBeGreaterThan(CONTACTS / 2);
  }, 90_000);
});
