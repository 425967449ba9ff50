// The write-behind flusher: pending CrmWrites → batch upserts, per portal. Every worker process
// runs it (a periodic task); they share the work safely:
// - claiming is serialized per portal (a lock row in one short transaction), and a contact with a
//   batch in flight is never claimed again until that batch is settled — so two values of one
//   contact are never on the wire at once and cannot arrive out of order;
// - every call takes a slot of the portal's shared rate limit (rate-limiter.server.ts);
// - a claim is a lease: rows of a worker that died go back to the pool when it lapses.
// Failures never lose writes: 429 and 5xx put them back with a backoff; 401 breaks the connection
// and they wait for the merchant to reconnect. A value HubSpot refuses (a 207 naming the property)
// that the shop's property contract holds — a choice saved before provisioning caught up, a
// property deleted in HubSpot — makes the flusher provision the portal and send it again; any other
// refused value is failed for good, logged and listed on the merchant's HubSpot page.
import { randomUUID } from "node:crypto";
import db, { type Db, type Tx } from "../../db.server";
import { enqueue } from "../../jobs/jobs.server";
import { systemClock, type Clock } from "../../lib/clock";
import { log } from "../../lib/log.server";
import { isUniqueViolation } from "../../lib/prisma-errors";
import { describeOutcome, parseOk } from "./api.server";
import { batchUpsertResponseSchema } from "./api-schemas";
import { pickBatch, type ContactReadiness } from "./batch-plan";
import type { CrmConnectionRow } from "./connection.server";
import { mergeContactWrites, sentKey, type ContactUpsert } from "./merge";
import { PortalClient } from "./portal-client.server";
import { provisionPropertiesJob } from "./jobs";
import { isUsable, propertyStatuses } from "./provisioning.server";
import { backoffMs, MAX_INPUT_ERROR_ATTEMPTS, rateLimitDelayMs } from "./retry-policy";
import {
  settleRefusals,
  type Claimed,
  type FlushStats,
  type Refusal,
  type Settlement,
} from "./refused.server";
import { inputOutcomes } from "./upsert-outcome";

export type FlushOptions = {
  clock?: Clock;
  /** How long the oldest ready write may wait for a fuller batch. */
  lingerMs?: number;
  maxBatchesPerTick?: number;
  /** How long one call may wait for a rate-limit slot before the portal is left for the next tick. */
  maxWaitMs?: number;
  random?: () => number;
};
export type { FlushStats };

export const DEFAULT_LINGER_MS = 1_000;
const LEASE_MS = 60_000;
const LOCK_ROW = new Date(0);

type PortalGroup = { portalId: string; shops: string[]; conn: CrmConnectionRow; usable: string[] };
type Batch = { leaseUntil: Date; contacts: ContactUpsert[]; rows: Map<string, Claimed> };

/** One flush round over every connected portal. */
export async function flushCrmWrites(database: Db = db, options: FlushOptions = {}): Promise<FlushStats> {
  const stats: FlushStats = { calls: 0, written: 0, retried: 0, failed: 0 };
  for (const group of await portalGroups(database)) {
    try {
      await flushPortal(database, group, options, stats);
    } catch (error) {
      log.warn("crm flush failed for a portal", {
        portalId: group.portalId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return stats;
}

/** Connected shops grouped by portal: a contact in one portal gets one input, whichever shops wrote it. */
async function portalGroups(database: Db): Promise<PortalGroup[]> {
  const connections = await database.crmConnection.findMany({
    where: { status: "connected", propertiesSyncedAt: { not: null } },
    orderBy: { createdAt: "asc" },
  });
  const groups = new Map<string, PortalGroup>();
  for (const conn of connections) {
    const usable = Object.entries(propertyStatuses(conn.properties))
      .filter(([, s]) => isUsable(s))
      .map(([name]) => name);
    const group = groups.get(conn.portalId);
    if (!group) groups.set(conn.portalId, { portalId: conn.portalId, shops: [conn.shop], conn, usable });
    else {
      group.shops.push(conn.shop);
      group.usable = group.usable.filter((name) => usable.includes(name));
      // The strictest limit of the group's connections applies to all of them.
      if (conn.requestsPer10s < group.conn.requestsPer10s) group.conn = conn;
    }
  }
  return [...groups.values()];
}

async function flushPortal(database: Db, group: PortalGroup, options: FlushOptions, stats: FlushStats) {
  const clock = options.clock ?? systemClock;
  const client = new PortalClient(database, group.conn, {
    now: () => clock.now(),
    maxWaitMs: options.maxWaitMs ?? 2_000,
  });
  await provisionMissingProperties(database, group, clock.now());
  for (let i = 0; i < (options.maxBatchesPerTick ?? 20); i++) {
    const batch = await claimBatch(database, group, clock.now(), options.lingerMs ?? DEFAULT_LINGER_MS);
    if (!batch) return;
    const keepGoing = await sendBatch(database, client, group, batch, clock, options, stats);
    if (!keepGoing) return;
  }
}

/** Writes naming a property the portal lacks wait; provisioning is asked for once a minute. */
async function provisionMissingProperties(database: Db, group: PortalGroup, now: Date) {
  const missing = await database.crmWrite.findFirst({
    where: { shop: { in: group.shops }, state: "pending", property: { notIn: group.usable } },
    select: { shop: true },
  });
  if (!missing) return;
  const minute = Math.floor(now.getTime() / 60_000);
  await database.$transaction((tx) =>
    enqueue(
      tx,
      provisionPropertiesJob,
      { shop: missing.shop },
      { idempotencyKey: `crm.provision:${missing.shop}:${minute}` },
    ),
  );
}

async function lockPortal(tx: Tx, portalId: string) {
  const key = `hubspot-claim:${portalId}`;
  await tx.rateWindow.upsert({
    where: { key_windowStart: { key, windowStart: LOCK_ROW } },
    create: { key, windowStart: LOCK_ROW, count: 0 },
    update: { count: 0 },
  });
}

async function claimBatch(
  database: Db,
  group: PortalGroup,
  now: Date,
  lingerMs: number,
): Promise<Batch | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.$transaction((tx) => claimBatchIn(tx, group, now, lingerMs), {
        maxWait: 10_000,
        timeout: 30_000,
      });
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}

async function claimBatchIn(tx: Tx, group: PortalGroup, now: Date, lingerMs: number): Promise<Batch | null> {
  await lockPortal(tx, group.portalId);
  // Pending, or sending with a lapsed lease. Spelled as `state IN (…)` plus the lease test so that
  // SQLite (no statistics) searches the queue by (shop, state) or (shop, email, state): never the
  // shop's sent and superseded history.
  const claimable = {
    shop: { in: group.shops },
    property: { in: group.usable },
    state: { in: ["pending", "sending"] },
    OR: [{ state: "pending" }, { nextAttemptAt: { lt: now } }],
  };
  // Per contact: when its last write is due and how long its first has waited. Folded here rather
  // than by a GROUP BY email, which SQLite would answer by walking all of the shop's rows in email order.
  const queue = await tx.crmWrite.findMany({
    where: claimable,
    select: { email: true, nextAttemptAt: true },
  });
  if (queue.length === 0) return null;
  const perContact = new Map<string, ContactReadiness>();
  for (const { email, nextAttemptAt } of queue) {
    const at = nextAttemptAt.getTime();
    const contact = perContact.get(email);
    if (!contact) perContact.set(email, { email, readyAt: at, oldestAt: at });
    else {
      contact.readyAt = Math.max(contact.readyAt, at);
      contact.oldestAt = Math.min(contact.oldestAt, at);
    }
  }
  const inFlight = await tx.crmWrite.findMany({
    where: { shop: { in: group.shops }, state: "sending", nextAttemptAt: { gte: now } },
    select: { email: true },
    distinct: ["email"],
  });
  const emails = pickBatch([...perContact.values()], {
    now: now.getTime(),
    lingerMs,
    busy: new Set(inFlight.map((r) => r.email)),
  });
  if (emails.length === 0) return null;

  const rows = await tx.crmWrite.findMany({ where: { ...claimable, email: { in: emails } } });
  const sent = await tx.crmWrite.groupBy({
    by: ["email", "property"],
    where: { shop: { in: group.shops }, email: { in: emails }, state: "sent" },
    _max: { eventAt: true },
  });
  const lastSentAt = new Map(
    sent.flatMap((s) => (s._max.eventAt ? [[sentKey(s.email, s.property), s._max.eventAt] as const] : [])),
  );
  const merged = mergeContactWrites(rows, lastSentAt);
  const superseded = merged.flatMap((c) => c.supersededIds);
  if (superseded.length)
    await tx.crmWrite.updateMany({
      where: { id: { in: superseded } },
      data: { state: "superseded", sentAt: now, error: null },
    });
  const contacts = merged.filter((c) => c.sendIds.length > 0);
  if (contacts.length === 0) return { leaseUntil: now, contacts: [], rows: new Map() };
  // The exact lease end doubles as the claim's token: settling only touches rows still holding it.
  const leaseUntil = new Date(now.getTime() + LEASE_MS + Math.floor(Math.random() * 1000));
  const sendIds = contacts.flatMap((c) => c.sendIds);
  await tx.crmWrite.updateMany({
    where: { id: { in: sendIds } },
    data: { state: "sending", nextAttemptAt: leaseUntil },
  });
  const byId = new Map<string, Claimed>(
    rows.map((r) => [
      r.id,
      { id: r.id, shop: r.shop, attempts: r.attempts, property: r.property, value: r.value, error: r.error },
    ]),
  );
  return { leaseUntil, contacts, rows: new Map(sendIds.map((id) => [id, byId.get(id)!])) };
}

/** Sends one claimed batch and settles its rows. Returns whether to go on with this portal in this tick. */
async function sendBatch(
  database: Db,
  client: PortalClient,
  group: PortalGroup,
  batch: Batch,
  clock: Clock,
  options: FlushOptions,
  stats: FlushStats,
) {
  if (batch.contacts.length === 0) return true;
  const random = options.random ?? Math.random;
  const allIds = [...batch.rows.keys()];
  const batchId = randomUUID().slice(0, 8);
  const inputs = batch.contacts.map((c, i) => ({
    id: c.email,
    idProperty: "email",
    objectWriteTraceId: `${batchId}:${i}`,
    properties: { ...c.properties, email: c.email },
  }));
  const retryAll = (delayMs: number, error: string, countAttempt = true): Settlement => ({
    ids: allIds,
    data: {
      state: "pending",
      nextAttemptAt: new Date(clock.now().getTime() + delayMs),
      ...(countAttempt ? { attempts: { increment: 1 } } : {}),
      error,
    },
  });

  let outcome;
  try {
    outcome = await client.call({
      method: "POST",
      path: "/crm/v3/objects/contacts/batch/upsert",
      json: { inputs },
    });
  } catch (error) {
    await settle(database, batch, [
      retryAll(
        backoffMs(maxAttempt(batch) + 1, random),
        error instanceof Error ? error.message : String(error),
      ),
    ]);
    stats.retried += allIds.length;
    throw error;
  }
  if (outcome.kind !== "throttled" && outcome.kind !== "broken") stats.calls++;

  switch (outcome.kind) {
    case "throttled":
      await settle(database, batch, [
        retryAll(outcome.retryInMs, "waiting for the portal's rate limit", false),
      ]);
      return false;
    case "broken":
      await settle(database, batch, [
        retryAll(0, `waiting for the HubSpot connection: ${outcome.reason}`, false),
      ]);
      return false;
    case "rate_limited":
      stats.retried += allIds.length;
      await settle(database, batch, [
        retryAll(
          rateLimitDelayMs(outcome.policyName, maxAttempt(batch) + 1, random),
          describeOutcome(outcome),
        ),
      ]);
      return false;
    case "server_error":
    case "unreachable":
      stats.retried += allIds.length;
      await settle(database, batch, [
        retryAll(backoffMs(maxAttempt(batch) + 1, random), describeOutcome(outcome)),
      ]);
      return false;
    case "ok":
      break;
    default: {
      // HubSpot refused the whole batch (a 4xx that is not about auth or rate): retry a few times, then give up on it.
      log.error("hubspot refused a batch upsert", {
        portalId: group.portalId,
        inputs: inputs.length,
        outcome: describeOutcome(outcome),
      });
      const giveUp = maxAttempt(batch) + 1 >= MAX_INPUT_ERROR_ATTEMPTS;
      if (giveUp) stats.failed += allIds.length;
      else stats.retried += allIds.length;
      await settle(database, batch, [
        giveUp
          ? {
              ids: allIds,
              data: { state: "failed", attempts: { increment: 1 }, error: describeOutcome(outcome) },
            }
          : retryAll(backoffMs(maxAttempt(batch) + 1, random), describeOutcome(outcome)),
      ]);
      return true;
    }
  }

  let response;
  try {
    response = parseOk(outcome, batchUpsertResponseSchema, "batch upsert");
  } catch (error) {
    await settle(database, batch, [
      retryAll(
        backoffMs(maxAttempt(batch) + 1, random),
        error instanceof Error ? error.message : String(error),
      ),
    ]);
    throw error;
  }
  const now = clock.now();
  const outcomes = inputOutcomes(
    inputs.map((i) => ({ traceId: i.objectWriteTraceId, email: i.id })),
    response,
  );
  const settlements: Settlement[] = [];
  const contactsWritten: { email: string; shops: string[]; hubspotId: string }[] = [];
  const refused: Refusal[] = [];
  for (const [i, contact] of batch.contacts.entries()) {
    const result = outcomes.get(inputs[i]!.objectWriteTraceId) ?? { kind: "unknown" as const };
    const rows = contact.sendIds.map((id) => batch.rows.get(id)!);
    const attempt = Math.max(...rows.map((r) => r.attempts)) + 1;
    if (result.kind === "written") {
      contactsWritten.push({ email: contact.email, shops: contact.shops, hubspotId: result.hubspotId });
      stats.written += rows.length;
      settlements.push({ ids: contact.sendIds, data: { state: "sent", sentAt: now, error: null } });
    } else if (result.kind === "invalid") {
      // Only the values HubSpot named are refused; the rest go again soon. When it names none of
      // ours (an invalid email, say), the whole input is refused.
      const named = rows.filter((r) => result.invalidProperties.includes(r.property));
      const bad = named.length > 0 ? named : rows;
      const good = rows.filter((r) => !bad.includes(r));
      stats.retried += good.length;
      settlements.push({
        ids: good.map((r) => r.id),
        data: { state: "pending", nextAttemptAt: now, attempts: { increment: 1 }, error: null },
      });
      for (const row of bad)
        refused.push({ row, problem: result.problems.find((p) => p.name === row.property) ?? null, result });
    } else if (result.kind === "error" && attempt >= MAX_INPUT_ERROR_ATTEMPTS) {
      stats.failed += rows.length;
      settlements.push({
        ids: contact.sendIds,
        data: { state: "failed", attempts: { increment: 1 }, error: result.message },
      });
    } else {
      stats.retried += rows.length;
      const error = result.kind === "error" ? result.message : "not confirmed by HubSpot";
      settlements.push({
        ids: contact.sendIds,
        data: {
          state: "pending",
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempt, random)),
          attempts: { increment: 1 },
          error,
        },
      });
    }
  }
  const reprovisioned = await settleRefusals(database, refused, { clock, random, stats, settlements });
  await settle(database, batch, settlements, async (tx) => {
    for (const contact of contactsWritten) {
      for (const shop of contact.shops) {
        await tx.crmContact.upsert({
          where: { shop_hubspotId: { shop, hubspotId: contact.hubspotId } },
          create: { shop, portalId: group.portalId, hubspotId: contact.hubspotId, email: contact.email },
          update: { email: contact.email, portalId: group.portalId },
        });
      }
    }
    if (contactsWritten.length)
      await tx.crmConnection.updateMany({
        where: { shop: { in: group.shops }, portalId: group.portalId },
        data: { lastWriteAt: now },
      });
  });
  // After provisioning, the next tick starts from the portal's new property statuses.
  return !reprovisioned;
}

const maxAttempt = (batch: Batch) => Math.max(0, ...[...batch.rows.values()].map((r) => r.attempts));

async function settle(
  database: Db,
  batch: Batch,
  settlements: Settlement[],
  extra?: (tx: Tx) => Promise<void>,
) {
  await database.$transaction(
    async (tx) => {
      for (const s of settlements) {
        if (s.ids.length === 0) continue;
        await tx.crmWrite.updateMany({
          where: { id: { in: s.ids }, state: "sending", nextAttemptAt: batch.leaseUntil },
          data: s.data,
        });
      }
      await extra?.(tx);
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/** The merchant fixed what HubSpot refused (the page says how): the shop's refused values go out again. */
export async function resendRefused(database: Db, shop: string, now: Date) {
  const { count } = await database.crmWrite.updateMany({
    where: { shop, state: "failed" },
    data: { state: "pending", attempts: 0, error: null, nextAttemptAt: now },
  });
  return count;
}

/** Sent and superseded rows are kept a while (they stop late, older values from overtaking newer ones), then removed. */
export async function pruneCrmWrites(database: Db = db, now = new Date(), keepMs = 30 * 24 * 60 * 60_000) {
  const { count } = await database.crmWrite.deleteMany({
    where: { state: { in: ["sent", "superseded"] }, sentAt: { lt: new Date(now.getTime() - keepMs) } },
  });
  return count;
}
