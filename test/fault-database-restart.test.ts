// Issue 17, R4 (PostgreSQL): the database drops every connection, again and again, while webhooks
// arrive. Each delivery is answered 200 (stored, with its processing job) or 503 (nothing stored,
// so Shopify retries); the retried ones are stored afterwards; nothing is stored twice or without
// its job; and the same process serves again without a restart.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { processEventJob } from "../app/events/jobs";
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
afterAll(() => app.close());

function deliver(eventId: string) {
  const { headers } = signWebhook({ topic: "customers/update", body: null, rawBody: body, eventId });
  return fetch(`${app.url}/webhooks/customers/update`, { method: "POST", headers, body }).then(
    (res) => res.status,
  );
}

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
