// The per-portal rate limit shared by every process: counters live in the RateWindow table
// (docs/decisions/0007). Each acquisition runs in one short transaction that first writes the
// key's lock row — a row lock on PostgreSQL, the database write lock on SQLite — so concurrent
// acquirers of one portal, in any process, take turns and never both see room for the last slot.
import type { Db } from "../../db.server";
import { isUniqueViolation } from "../../lib/prisma-errors";
import { countedFrom, decideRate, type RateDecision } from "./rate-window";

const LOCK_ROW = new Date(0);
const KEEP_BUCKETS_MS = 60_000;

export const portalRateKey = (portalId: string) => `hubspot:${portalId}`;

export async function tryAcquire(
  db: Db,
  key: string,
  opts: { limit: number; now?: number; cost?: number },
): Promise<RateDecision> {
  const now = opts.now ?? Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.rateWindow.upsert({
            where: { key_windowStart: { key, windowStart: LOCK_ROW } },
            create: { key, windowStart: LOCK_ROW, count: 0 },
            update: { count: 0 },
          });
          const from = new Date(countedFrom(now));
          const rows = await tx.rateWindow.findMany({
            where: { key, windowStart: { gte: from } },
            select: { windowStart: true, count: true },
          });
          const decision = decideRate(
            rows.map((r) => ({ start: r.windowStart.getTime(), count: r.count })),
            { now, limit: opts.limit, cost: opts.cost },
          );
          if (decision.granted) {
            const windowStart = new Date(decision.bucketStart);
            await tx.rateWindow.upsert({
              where: { key_windowStart: { key, windowStart } },
              create: { key, windowStart, count: opts.cost ?? 1 },
              update: { count: { increment: opts.cost ?? 1 } },
            });
            await tx.rateWindow.deleteMany({
              where: { key, windowStart: { gt: LOCK_ROW, lt: new Date(now - KEEP_BUCKETS_MS) } },
            });
          }
          return decision;
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    } catch (error) {
      // Two processes creating the same row for the first time: the loser simply tries again.
      if (isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Waits for a slot up to `maxWaitMs`. Returns the wait still needed when the budget is not enough
 * (the caller postpones its work instead of holding a worker).
 */
export async function acquire(
  db: Db,
  key: string,
  opts: { limit: number; maxWaitMs: number },
): Promise<{ granted: true } | { granted: false; retryInMs: number }> {
  const deadline = Date.now() + opts.maxWaitMs;
  for (;;) {
    const decision = await tryAcquire(db, key, { limit: opts.limit });
    if (decision.granted) return { granted: true };
    if (Date.now() + decision.retryInMs > deadline) return decision;
    await new Promise((resolve) => setTimeout(resolve, decision.retryInMs));
  }
}
