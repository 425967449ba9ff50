// The due-send sweep claims in sets (issue 17): every due send is claimed once and gets one
// dispatch job, whatever the set size and however many sweeps run at once; sends not yet due stay.
import { beforeEach, describe, expect, it } from "vitest";
import { sweepDueSends } from "../app/campaigns/dispatch.server";
import { dispatchSendJob } from "../app/campaigns/jobs";
import db from "../app/db.server";
import { jobQueue } from "../app/jobs/jobs.server";
import { resetDatabase } from "./helpers/db";

const NOW = new Date("2026-03-02T12:00:00.000Z");
const MINUTE = 60_000;

async function seedSends(due: number, later: number) {
  const rows = Array.from({ length: due + later }, (_, i) => ({
    id: `send-${String(i).padStart(3, "0")}`,
    shop: `shop-${i % 3}.myshopify.com`,
    journeyId: `journey-${i}`,
    campaign: "abandoned_cart",
    step: "reminder",
    email: `c${i}@example.com`,
    // Due ones an hour ago up to now (NOW itself is due); later ones from a minute after NOW.
    runAt: new Date(i < due ? NOW.getTime() - (i % 60) * MINUTE : NOW.getTime() + (i - due + 1) * MINUTE),
    idempotencyKey: `key-${i}`,
  }));
  await db.scheduledSend.createMany({ data: rows });
}

async function dispatchJobs(): Promise<number> {
  if (jobQueue.kind === "sqlite") return db.job.count({ where: { queue: dispatchSendJob.queue } });
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`,
    dispatchSendJob.queue,
  );
  return rows[0]?.n ?? 0;
}

const states = async () => {
  const rows = await db.scheduledSend.groupBy({ by: ["state"], _count: true });
  return Object.fromEntries(rows.map((r) => [r.state, r._count]));
};

describe("sweeping due sends in sets", () => {
  beforeEach(async () => {
    await resetDatabase();
    // pg-boss keeps its jobs outside Prisma's tables: start each test without earlier dispatch jobs.
    if (jobQueue.kind === "pg-boss")
      await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = $1`, dispatchSendJob.queue);
  });

  it("claims every due send once, in sets, and enqueues one dispatch job each; later sends stay", async () => {
    await seedSends(23, 9);
    expect(await sweepDueSends(NOW, { setSize: 5 })).toBe(23);
    expect(await states()).toEqual({ dispatching: 23, scheduled: 9 });
    expect(await dispatchJobs()).toBe(23);
    expect(await sweepDueSends(NOW, { setSize: 5 })).toBe(0);
    expect(await dispatchJobs()).toBe(23);
    // A minute later the first later send is due.
    expect(await sweepDueSends(new Date(NOW.getTime() + MINUTE))).toBe(1);
  });

  it("stops at its share and leaves the rest, earliest first, to the next sweep", async () => {
    await seedSends(12, 0);
    expect(await sweepDueSends(NOW, { setSize: 4, max: 8 })).toBe(8);
    const left = await db.scheduledSend.findMany({ where: { state: "scheduled" }, select: { runAt: true } });
    const taken = await db.scheduledSend.findMany({
      where: { state: "dispatching" },
      select: { runAt: true },
    });
    expect(left).toHaveLength(4);
    const latestTaken = Math.max(...taken.map((s) => s.runAt.getTime()));
    for (const send of left) expect(send.runAt.getTime()).toBeGreaterThanOrEqual(latestTaken);
    expect(await sweepDueSends(NOW, { setSize: 4 })).toBe(4);
  });

  it("sweeps running at the same moment take disjoint sets", async () => {
    await seedSends(40, 5);
    const counts = await Promise.all([1, 2, 3].map(() => sweepDueSends(NOW, { setSize: 6 })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(await states()).toEqual({ dispatching: 40, scheduled: 5 });
    expect(await dispatchJobs()).toBe(40);
  });
});
