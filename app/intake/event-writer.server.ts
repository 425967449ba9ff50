// Group commit for the event log. Each caller waits until its event is committed (only then is a
// webhook acknowledged), but events arriving together — in the same turn of the event loop, or
// while earlier batches are being committed — share one transaction of the direct driver: two
// statements per batch instead of per delivery. Up to the driver's concurrency batches are in flight
// at once (SQLite: one, its single writer; PostgreSQL: one per pooled connection, so the network
// round trips of one batch overlap the next). A batch that fails is retried one event at a time, so
// one bad row cannot fail its neighbours; an event that still fails rejects its caller (the webhook
// answers 503 and the sender retries).
//
// The interface is the event, typed and source-agnostic: every source (Shopify, HubSpot, SendGrid,
// the outbox's reports, and any new one) stores through writeEvent and nothing else.
import { directDb } from "../db.server";
import { recordEvents, type IncomingEvent, type RecordResult } from "./event-log.server";

export type { IncomingEvent, RecordResult };

const MAX_BATCH = 100;

type Waiting = { event: IncomingEvent; resolve(result: RecordResult): void; reject(error: unknown): void };

const queue: Waiting[] = [];
let scheduled = false;
let inFlight = 0;

/** Stores the event (once) and enqueues its processing; resolves after the commit. */
export function writeEvent(event: IncomingEvent): Promise<RecordResult> {
  return new Promise((resolve, reject) => {
    queue.push({ event, resolve, reject });
    schedule();
  });
}

/** Stores several events of one delivery; resolves after they are all committed. */
export function writeEvents(events: IncomingEvent[]): Promise<RecordResult[]> {
  return Promise.all(events.map((event) => writeEvent(event)));
}

/** Starts a batch at the end of this turn of the event loop, if a transaction is free. */
function schedule() {
  if (scheduled || queue.length === 0 || inFlight >= directDb.concurrency) return;
  scheduled = true;
  setImmediate(startBatches);
}

function startBatches() {
  scheduled = false;
  while (queue.length > 0 && inFlight < directDb.concurrency) {
    const batch = queue.splice(0, MAX_BATCH);
    inFlight++;
    void writeBatch(batch).finally(() => {
      inFlight--;
      schedule();
    });
  }
}

async function writeBatch(batch: Waiting[]) {
  try {
    const results = await directDb.transaction((session) =>
      recordEvents(
        session,
        batch.map((w) => w.event),
      ),
    );
    batch.forEach((w, i) => w.resolve(results[i] ?? { status: "duplicate" }));
  } catch {
    for (const waiting of batch) await writeAlone(waiting);
  }
}

async function writeAlone(waiting: Waiting) {
  try {
    const [result] = await directDb.transaction((session) => recordEvents(session, [waiting.event]));
    waiting.resolve(result ?? { status: "duplicate" });
  } catch (error) {
    waiting.reject(error);
  }
}
