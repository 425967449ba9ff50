// The event log's writer skips Prisma (decision 0013) but not decision 0004's lock. On SQLite it
// writes on Prisma's own connection under that lock, so: it waits — without blocking the event
// loop — for an interactive transaction that is open, never runs inside it and is never undone by
// its rollback; a Prisma statement issued meanwhile waits for the writer's commit. The control case
// shows the hazard the shared lock avoids: a second connection's write while Prisma's transaction
// is open blocks the whole event loop until SQLite's busy timeout, then fails. On PostgreSQL the two
// paths have their own connections; the same outcomes hold.
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import db, { directDb } from "../app/db.server";
import { sqlitePath } from "../app/db/database-url";
import { writeEvent, type IncomingEvent } from "../app/intake/event-writer.server";

const sqlite = process.env.DATABASE_URL?.startsWith("file:") ?? false;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function event(key: string): IncomingEvent {
  return {
    shop: "lock.myshopify.com",
    source: "shopify",
    topic: "orders/create",
    dedupeKey: key,
    payload: { id: key },
  };
}

/** Counts timer ticks (every 5 ms) and the longest gap between two: how long the loop was blocked. */
function loopWatch() {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 5);
  return {
    /** Stops after one more tick (so a block that just ended is seen). */
    async stop() {
      await sleep(10);
      clearInterval(timer);
      return { ticks, longestGapMs: longest };
    },
  };
}

beforeAll(async () => {
  // Both paths warmed up: a first query compiles Prisma's engine, which is not what these tests time.
  await db.suppression.count();
  await db.$transaction(async (tx) => {
    await tx.suppression.create({
      data: { shop: "warm.myshopify.com", email: "warm@example.com", reason: "test" },
    });
    await tx.suppression.deleteMany({ where: { shop: "warm.myshopify.com" } });
  });
  await writeEvent(event("warm-up"));
});

describe("the event log writer and Prisma on one database", () => {
  it("waits for an open transaction without blocking the loop, and survives its rollback", async () => {
    const order: string[] = [];
    const watch = loopWatch();
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.suppression.create({
          data: { shop: "lock.myshopify.com", email: "inside@example.com", reason: "test" },
        });
        // Long enough that a writer blocking the loop until the commit would leave a gap of its
        // length, far above what a loaded machine's scheduling adds to a 5 ms timer (~300 ms seen
        // at a load average of 7 on two cores).
        await sleep(800);
        order.push("transaction over");
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    await sleep(20);
    const written = writeEvent(event("during-tx")).then((result) => {
      order.push("event stored");
      return result;
    });

    expect(await rolledBack).toBe("roll back");
    expect(await written).toMatchObject({ status: "stored" });
    const loop = await watch.stop();
    if (sqlite) expect(order).toEqual(["transaction over", "event stored"]);
    // The loop kept turning while the writer waited.
    expect(loop.ticks).toBeGreaterThan(10);
    expect(loop.longestGapMs).toBeLessThan(400);
    expect(await db.event.count({ where: { dedupeKey: "during-tx" } })).toBe(1);
    expect(await db.suppression.count({ where: { email: "inside@example.com" } })).toBe(0);
    // The event's processing job committed with it.
    const stored = await db.event.findFirstOrThrow({ where: { dedupeKey: "during-tx" } });
    if (sqlite) {
      const jobs = await db.job.findMany({ where: { queue: "event.process" } });
      expect(
        jobs.filter((j) => JSON.stringify(j.payload) === JSON.stringify({ eventId: stored.id })),
      ).toHaveLength(1);
    }
  });

  it("a Prisma statement issued during a direct transaction runs after its commit, and a direct rollback spares it", async () => {
    const order: string[] = [];
    const direct = directDb
      .transaction(async (session) => {
        await session.query(
          `INSERT INTO "Suppression" ("id", "shop", "email", "reason", "createdAt") VALUES (${sqlite ? "?, ?, ?, ?, ?" : "$1, $2, $3, $4, $5"})`,
          ["s-direct", "lock.myshopify.com", "direct@example.com", "test", new Date()],
        );
        await sleep(100);
        order.push("direct over");
        throw new Error("roll back direct");
      })
      .catch((error: Error) => error.message);
    await sleep(20);
    const prisma = db.suppression
      .create({ data: { shop: "lock.myshopify.com", email: "prisma@example.com", reason: "test" } })
      .then(() => order.push("prisma write"));

    expect(await direct).toBe("roll back direct");
    await prisma;
    if (sqlite) expect(order).toEqual(["direct over", "prisma write"]);
    const emails = (await db.suppression.findMany({ where: { shop: "lock.myshopify.com" } })).map(
      (s) => s.email,
    );
    expect(emails).toEqual(["prisma@example.com"]);
  });

  it.runIf(sqlite)(
    "control: a second connection's write during Prisma's transaction blocks the loop, then fails",
    async () => {
      const other = new Database(sqlitePath(process.env.DATABASE_URL ?? ""), { timeout: 300 });
      try {
        const watch = loopWatch();
        let failure = "";
        const tx = db.$transaction(async (t) => {
          await t.suppression.create({
            data: { shop: "lock.myshopify.com", email: "held@example.com", reason: "test" },
          });
          await sleep(20);
          try {
            // What writing the event log on a connection of its own would do while a transaction is open.
            other.exec("BEGIN IMMEDIATE");
            other
              .prepare(
                `INSERT INTO "Suppression" ("id", "shop", "email", "reason", "createdAt") VALUES (?, ?, ?, ?, ?)`,
              )
              .run("s-other", "lock.myshopify.com", "other@example.com", "test", new Date().toISOString());
          } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
          }
        });
        await tx;
        const loop = await watch.stop();
        expect(failure).toMatch(/database is locked/);
        expect(loop.longestGapMs).toBeGreaterThanOrEqual(250);
      } finally {
        other.close();
      }
    },
  );

  it("a group of deliveries shares one transaction and each is stored once, duplicates included", async () => {
    const results = await Promise.all(
      ["g1", "g2", "g1", "g3", "g2"].map((key) => writeEvent(event(`group-${key}`))),
    );
    expect(results.map((r) => r.status)).toEqual(["stored", "stored", "duplicate", "stored", "duplicate"]);
    expect(await db.event.count({ where: { dedupeKey: { startsWith: "group-" } } })).toBe(3);
  });
});
