// Processing of stored events, in jobs (never in the request): the routing table names an event's
// handlers (app/events/routes.server.ts), run in order inside a transaction; an event nobody
// handles is marked ignored. Handlers are idempotent.
//
// The event.process jobs a worker starts at the same moment are applied as one set: their events
// read in one query, the handlers of every event run in order in one transaction, and the events
// marked in one statement, in that same transaction. A set costs the handlers' own statements plus
// four, instead of four more an event (decision 0017). If the set fails, every event of it is applied
// again on its own: one event that cannot be applied fails only its own job, with its error recorded.
// A retry runs alone, and so does an event whose handlers delete stored events (redaction).
//
// The events are read, and a set whose handlers are all plain SQL (SessionHandler: a message's
// delivery progress, several events an email) is applied, through the direct driver: none of their
// statements goes through Prisma's query compiler, which took ~60 % of a worker's CPU while it
// applied delivery reports (decision 0017). A set holding any other event is applied in a Prisma
// transaction, the SQL handlers on a session over it.
import db, { directDb, type Tx } from "../db.server";
import {
  dateOf,
  jsonOf,
  parameters,
  prismaSession,
  requiredDateOf,
  requiredTextOf,
  textOf,
  type SqlSession,
} from "../db/session";
import { isSessionHandler, type EventRow, type Handler } from "../events/event";
import { processEventJob } from "../events/jobs";
import { handlersFor, runsAlone } from "../events/routes.server";
import { errorText, type JobContext } from "../jobs/queue";
import { appClock } from "../lib/app-clock.server";
import { compareIds } from "../lib/ids";
import { log } from "../lib/log.server";

/** The most events applied in one transaction (a set longer than this starts another). */
const EVENT_SET_MAX = 32;

type Waiting = { eventId: string; attempt: number; resolve: () => void; reject: (error: unknown) => void };

/** The code of processEventJob: gathers the jobs started together into sets. One per process. */
export function createEventProcessor() {
  let waiting: Waiting[] = [];
  let flushing: NodeJS.Immediate | undefined;
  const flush = () => {
    clearImmediate(flushing);
    flushing = undefined;
    const set = waiting;
    waiting = [];
    // applySet settles every job of the set; should it throw itself, the jobs still hear of it.
    applySet(set).catch((error: unknown) => set.forEach((waiting) => waiting.reject(error)));
  };
  return ({ eventId }: { eventId: string }, { attempt }: JobContext): Promise<void> => {
    if (attempt > 1) return processEvent(eventId, attempt);
    return new Promise<void>((resolve, reject) => {
      waiting.push({ eventId, attempt, resolve, reject });
      if (waiting.length >= EVENT_SET_MAX) flush();
      // The jobs a worker fetched together start in one turn of the event loop: the set is complete
      // when that turn ends.
      else flushing ??= setImmediate(flush);
    });
  };
}

async function applySet(set: Waiting[]) {
  if (set.length === 1) return settle(set);
  try {
    const events = (await readEvents(set.map((w) => w.eventId))).filter(isOpen);
    if (events.some((event) => runsAlone(event.source, event.topic))) return settle(set);
    await applyEvents(events);
    for (const waiting of set) waiting.resolve();
  } catch (error) {
    log.warn("event set failed: applying its events one by one", {
      events: set.length,
      error: errorText(error).split("\n")[0],
    });
    await settle(set);
  }
}

/**
 * Applies each event on its own, in the order they were received (what one by one means: a
 * redaction applied before an event it erased leaves that event nothing to apply), and settles
 * its job with the outcome.
 */
async function settle(set: Waiting[]) {
  const inOrder = [...set].sort((a, b) => compareIds(a.eventId, b.eventId));
  for (const waiting of inOrder)
    await processEvent(waiting.eventId, waiting.attempt).then(waiting.resolve, waiting.reject);
}

/** The events still stored of these, in the order they were received (their ids are time-ordered). */
async function readEvents(ids: string[]): Promise<(EventRow & { state: string })[]> {
  const { p, values } = parameters(directDb.kind);
  const rows = await directDb.query(
    `SELECT "id", "shop", "source", "topic", "payload", "customerId", "email", "triggeredAt",
       "receivedAt", "state"
     FROM "Event" WHERE "id" IN (${ids.map(p).join(", ")}) ORDER BY "id"`,
    values,
  );
  return rows.map((row) => ({
    id: requiredTextOf(row.id, "event"),
    shop: requiredTextOf(row.shop, "event"),
    source: requiredTextOf(row.source, "event"),
    topic: requiredTextOf(row.topic, "event"),
    payload: jsonOf(directDb.kind, row.payload),
    customerId: textOf(row.customerId),
    email: textOf(row.email),
    triggeredAt: dateOf(row.triggeredAt),
    receivedAt: requiredDateOf(row.receivedAt, "event"),
    state: requiredTextOf(row.state, "event"),
  }));
}

/** Gone (redacted) or already done by an earlier attempt: nothing to apply. */
const isOpen = (event: { state: string }) => event.state !== "processed" && event.state !== "ignored";

/** One event in a transaction of its own; its error is recorded on it, and thrown for the job to retry. */
async function processEvent(eventId: string, attempt: number) {
  const [event] = await readEvents([eventId]);
  if (!event || !isOpen(event)) return;
  try {
    await applyEvents([event]);
  } catch (error) {
    const last = attempt >= processEventJob.maxAttempts;
    await db.event.updateMany({
      where: { id: eventId },
      data: { error: errorText(error), ...(last ? { state: "failed" } : {}) },
    });
    throw error;
  }
}

/**
 * Runs the handlers of these events, in order, in one transaction that also marks them processed:
 * one commit, and no window in which their work is done but an event still says otherwise. An
 * event nobody handles is marked ignored (no transaction for that). A handler may have deleted its
 * event (redaction): the mark tolerates that. When every handler is written as SQL (delivery
 * progress), the transaction is the direct driver's: no statement of it goes through Prisma.
 */
async function applyEvents(events: EventRow[]) {
  const routed = events.map((event) => ({ event, handlers: handlersFor(event.source, event.topic) }));
  const handled = routed.filter((r) => r.handlers.length > 0);
  const ignored = routed.filter((r) => r.handlers.length === 0).map((r) => r.event.id);
  if (ignored.length > 0)
    await db.event.updateMany({
      where: { id: { in: ignored } },
      data: { state: "ignored", processedAt: appClock.now() },
    });
  if (handled.length === 0) return;
  const ids = handled.map((r) => r.event.id);
  const apply = async (session: SqlSession, tx?: Tx) => {
    for (const { event, handlers } of handled)
      for (const handle of handlers) await run(handle, event, session, tx);
    await markProcessed(session, ids);
  };
  if (handled.every((r) => r.handlers.every(isSessionHandler)))
    await directDb.transaction((session) => apply(session));
  else await db.$transaction((tx) => apply(prismaSession(directDb.kind, tx), tx), { timeout: 30_000 });
}

/** One handler: a SQL one on the session, a Prisma one on the transaction (there is one then). */
function run(handle: Handler, event: EventRow, session: SqlSession, tx?: Tx) {
  if (isSessionHandler(handle)) return handle.session(session, event);
  if (!tx) throw new Error(`event ${event.id}: a Prisma handler outside a Prisma transaction`);
  return handle(tx, event);
}

async function markProcessed(session: SqlSession, ids: string[]) {
  const { p, values } = parameters(session.kind);
  await session.query(
    `UPDATE "Event" SET "state" = 'processed', "processedAt" = ${p(appClock.now())}, "error" = NULL
     WHERE "id" IN (${ids.map(p).join(", ")})`,
    values,
  );
}
