// Two real worker processes (`node server.ts --worker`, the production entry) flushing one portal's
// writes on PostgreSQL: together they never exceed the portal's limit, because the limiter's state
// is in the database, not in either process. (PostgreSQL only: that is where several workers run.)
import { fakeHubSpot as fake } from "../fakes/local-hubspot";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { maxInRollingWindow } from "../app/crm/hubspot/rate-window";
import { recordCrmChange } from "../app/crm/writes.server";
import db from "../app/db.server";
import { readEnvExample } from "../scripts/env-example";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

const root = path.resolve(import.meta.dirname, "..");
const PORTAL = "3003";
const SHOP = "workers.myshopify.com";
const LIMIT = 3;
const CONTACTS = 600;

const workers: { child: ChildProcessWithoutNullStreams; exited: Promise<unknown>; output: () => string }[] =
  [];
async function startWorker() {
  const child = spawn(process.execPath, [path.join(root, "server.ts"), "--worker"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      ...readEnvExample(),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      HUBSPOT_API_BASE_URL: fake.url,
      JOB_POLL_INTERVAL_MS: "200",
    },
    stdio: "pipe",
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const worker = {
    child,
    exited: new Promise((resolve) => child.once("exit", resolve)),
    output: () => output,
  };
  workers.push(worker);
  for (let i = 0; i < 100 && !output.includes("worker started"); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(output, output).toContain("worker started");
}

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => w.exited));
  await fake.stop();
});

describe.runIf(process.env.TEST_DB_ENGINE === "postgresql")("two worker processes on PostgreSQL", () => {
  it(`share one portal's limit (${LIMIT} requests / 10 s) and never exceed it together`, async () => {
    await seedShop(SHOP);
    const token = fake.addPortal(PORTAL);
    expect(await connectWithToken(db, { shop: SHOP, token })).toMatchObject({ ok: true });
    await runJobs(); // provisioning, at the normal limit
    // From here on the portal allows LIMIT requests per 10 s, at HubSpot (the fake) and in our books.
    await db.crmConnection.update({ where: { shop: SHOP }, data: { requestsPer10s: LIMIT } });
    await db.rateWindow.deleteMany();
    const portal = fake.portals.get(PORTAL)!;
    portal.limit = LIMIT;
    portal.hits = [];
    const requestsBefore = fake.requests.length;

    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < CONTACTS; i++) {
          await recordCrmChange(tx, {
            shop: SHOP,
            email: `w${i}@example.com`,
            properties: { replyloop_vip_tier: "silver" },
            at: new Date(Date.now() - 60_000),
          });
        }
      },
      { timeout: 60_000 },
    );

    await startWorker();
    await startWorker();
    const deadline = Date.now() + 100_000;
    while (
      Date.now() < deadline &&
      (await db.crmWrite.count({ where: { state: { in: ["pending", "sending"] } } })) > 0
    ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const calls = fake.requests.slice(requestsBefore).filter((r) => r.portalId === PORTAL);
    const rows = await db.crmWrite.groupBy({
      by: ["state", "error"],
      _count: true,
      _min: { nextAttemptAt: true },
      _max: { nextAttemptAt: true },
    });
    const diagnosis = [
      ...workers.map((w) => w.output()),
      JSON.stringify(rows),
      JSON.stringify(calls.map((c) => [c.path, c.status, c.at - calls[0]!.at])),
    ].join("\n");
    expect(await db.crmWrite.count({ where: { state: "sent" } }), diagnosis).toBe(CONTACTS);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.filter((c) => c.path === "/crm/v3/objects/contacts/batch/upsert")).toHaveLength(
      CONTACTS / 100,
    );
    expect(maxInRollingWindow(calls.map((c) => c.at))).toBeLessThanOrEqual(LIMIT);
    // The limit was the bottleneck: the work took more than one window.
    expect(Math.max(...calls.map((c) => c.at)) - Math.min(...calls.map((c) => c.at))).toBeGreaterThanOrEqual(
      10_000,
    );
  }, 180_000);
});
