// Issue 17, R4 (PostgreSQL): the database goes away while webhooks arrive — its connections
// dropped again and again, and the server itself stopped and started again. Each delivery is
// answered 200 (stored, with its processing job) or 503 with Retry-After (nothing stored, so the
// sender retries), never a 500 and never left hanging; the retried ones are stored afterwards;
// nothing is stored twice or without its job; and the same process serves again without a restart.
// The file's database is on a PostgreSQL server of its own (test/helpers/on-own-postgres.ts), so
// restarting it leaves the server the other test files use alone.
import { ownPostgres } from "./helpers/on-own-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db, { directDb } from "../app/db.server";
import { processEventJob } from "../app/events/jobs";
import { jobQueue } from "../app/jobs/jobs.server";
import { jobs } from "../app/server/composition.server";
import { startBuiltApp } from "./helpers/app-server";
import { fixtureText } from "./helpers/fixtures";
import { TEST_SHOP, seedShop, signWebhook } from "./helpers/shopify";

const onPostgres = process.env.TEST_DB_ENGINE === "postgresql";
const body = fixtureText("shopify/customers_update.json");
const DELIVERIES = 120;

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP);
  app = await startBuiltApp();
});
afterAll(async () => {
  await app.close();
  // Before the own server goes away (on-own-postgres.ts): nothing of this process is left connected to it.
  if (ownPostgres) await Promise.all([db.$disconnect(), directDb.close(), jobQueue.stop()]);
});

/** A Shopify delivery; a request left hanging for 15 s fails the test. */
async function delivery(eventId: string) {
  const { headers } = signWebhook({ topic: "customers/update", body: null, rawBody: body, eventId });
  const res = await fetch(`${app.url}/webhooks/customers/update`, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return res;
}
const deliver = (eventId: string) => delivery(eventId).then((res) => res.status);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drops every other connection to this test's database, as a restart does. */
async function dropConnections() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
  } finally {
    await client.end();
  }
}

async function jobsFor(eventIds: string[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(DISTINCT data->>'eventId')::int AS n FROM pgboss.job WHERE name = $1 AND data->>'eventId' = ANY($2)`,
    processEventJob.queue,
    eventIds,
  );
  return rows[0]?.n ?? 0;
}

/** Processing jobs of these events, counted row by row (a job stored twice counts twice). */
async function jobRowsFor(eventIds: string[]): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'eventId' = ANY($2)`,
    processEventJob.queue,
    eventIds,
  );
  return rows[0]?.n ?? 0;
}

describe.skipIf(!onPostgres)("the database drops its connections under load", () => {
  it("answers 503 for what it could not store, stores every retry once, and recovers", async () => {
    const ids = Array.from({ length: DELIVERIES }, (_, i) => `restart-${i}`);
    const statuses = new Map<string, number>();
    let outage = true;
    const dropping = (async () => {
      while (outage) {
        await dropConnections();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    for (let i = 0; i < ids.length; i += 20) {
      const batch = ids.slice(i, i + 20);
      const answers = await Promise.all(batch.map(deliver));
      batch.forEach((id, j) => statuses.set(id, answers[j]!));
    }
    outage = false;
    await dropping;

    const answered = [...statuses.values()];
    expect(
      answered.every((s) => s === 200 || s === 503),
      String(answered),
    ).toBe(true);
    expect(answered.filter((s) => s === 503).length).toBeGreaterThan(0);

    // What was acknowledged is stored; what was refused is not (nothing half-written).
    const stored = await db.event.findMany({
      where: { dedupeKey: { in: ids } },
      select: { dedupeKey: true },
    });
    const acknowledged = ids.filter((id) => statuses.get(id) === 200);
    expect(stored.map((e) => e.dedupeKey).sort()).toEqual([...acknowledged].sort());

    // Shopify retries the 503s; the same process stores them now.
    for (const id of ids.filter((id) => statuses.get(id) === 503)) expect(await deliver(id)).toBe(200);
    const events = await db.event.findMany({ where: { dedupeKey: { in: ids } }, select: { id: true } });
    expect(events).toHaveLength(DELIVERIES);
    expect(await jobsFor(events.map((e) => e.id))).toBe(DELIVERIES);
  });
});

describe.skipIf(!ownPostgres)("the PostgreSQL server stops and starts again under load", () => {
  it("answers 503 with Retry-After while it is down, never 500, stores every retry once, and serves again", async () => {
    const server = ownPostgres!;
    const statuses = new Map<string, number>();
    const retryAfter = new Map<string, string | null>();
    // Shopify delivering all along: four senders, one delivery after another, ~80 a second.
    let delivering = true;
    const senders = Array.from({ length: 4 }, async (_, s) => {
      for (let n = 0; delivering; n++) {
        const id = `server-restart-${s}-${n}`;
        const res = await delivery(id);
        statuses.set(id, res.status);
        if (res.status === 503) retryAfter.set(id, res.headers.get("Retry-After"));
        await sleep(50);
      }
    });
    await sleep(500);
    const beforeOutage = statuses.size;
    await server.stop("fast"); // ends every session, then shuts down
    await sleep(2_000);
    await server.start();
    const afterRestart = statuses.size;
    await sleep(1_000);
    delivering = false;
    await Promise.all(senders);

    const ids = [...statuses.keys()];
    const answered = [...statuses.values()];
    const unexpected = answered.filter((s) => s !== 200 && s !== 503);
    expect(unexpected, `answers: ${answered.join(" ")}`).toEqual([]);
    const refused = ids.filter((id) => statuses.get(id) === 503);
    expect(
      refused.length,
      `${beforeOutage} before the outage, ${afterRestart} by the restart`,
    ).toBeGreaterThan(0);
    expect(refused.filter((id) => retryAfter.get(id) === null)).toEqual([]);
    // Deliveries were answered 200 before the outage and again after the restart.
    expect(ids.slice(0, 4).map((id) => statuses.get(id))).toEqual([200, 200, 200, 200]);
    expect(ids.filter((id, i) => i >= afterRestart && statuses.get(id) === 200).length).toBeGreaterThan(0);

    // What was acknowledged is stored; what was refused is not (nothing half-written).
    const stored = await db.event.findMany({
      where: { dedupeKey: { in: ids } },
      select: { dedupeKey: true },
    });
    const acknowledged = ids.filter((id) => statuses.get(id) === 200);
    expect(stored.map((e) => e.dedupeKey).sort()).toEqual([...acknowledged].sort());

    // Shopify retries the 503s; the same process stores them now, each once, each with its job.
    for (let i = 0; i < refused.length; i += 10)
      expect(await Promise.all(refused.slice(i, i + 10).map(deliver))).toEqual(
        refused.slice(i, i + 10).map(() => 200),
      );
    const events = await db.event.findMany({ where: { dedupeKey: { in: ids } }, select: { id: true } });
    expect(events).toHaveLength(ids.length);
    expect(await jobRowsFor(events.map((e) => e.id))).toBe(ids.length);
    expect(await jobsFor(events.map((e) => e.id))).toBe(ids.length);

    // The process serves as before: its health check reaches the database, a new delivery is stored,
    // and its job queue's own connections work again (it fetches jobs and marks them completed).
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: "ok" });
    expect(await deliver("server-restart-after")).toBe(200);
    expect(await db.event.count({ where: { dedupeKey: "server-restart-after" } })).toBe(1);
    const completed = async () =>
      (
        await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'completed'`,
        )
      )[0]?.n ?? 0;
    const completedBefore = await completed();
    await jobQueue.init(jobs);
    expect(await jobQueue.drain({ maxJobs: 5 })).toBe(5);
    expect(await completed()).toBe(completedBefore + 5);
  });
});
