// Group commit for the event log. Each caller waits until its event is committed (only then is a
// webhook acknowledged), but events arriving together — in the same turn of the event loop — share
// one transaction of the direct driver: two statements per batch instead of per delivery. A batch
// that fails is retried one event at a time, so one bad row cannot fail its neighbours; an event
// that still fails rejects its caller (the webhook answers 503 and the sender retries).
//
// The interface is the event, typed and source-agnostic: every source (Shopify, HubSpot, SendGrid,
// the outbox's reports, and any new one) stores through writeEvent and nothing else.
import { directDb } from "../db.server";
import { recordEvents, type IncomingEvent, type RecordResult } from "./event-log.server";

export type { IncomingEvent, RecordResult };

const MAX_BATCH = 100;

type Waiting = { event: IncomingEvent; resolve(result: RecordResult): void; reject(error: unknown): void };

let queue: Waiting[] = [];
let flushing = false;

/** Stores the event (once) and enqueues its processing; resolves after the commit. */
export function writeEvent(event: IncomingEvent): Promise<RecordResult> {
  return new Promise((resolve, reject) => {
    queue.push({ event, resolve, reject });
    if (!flushing) {
      flushing = true;
      setImmediate(() => void flush());
    }
  });
}

/** Stores several events of one delivery; resolves after they are all committed. */
export function writeEvents(events: IncomingEvent[]): Promise<RecordResult[]> {
  return Promise.all(events.map((event) => writeEvent(event)));
}

async function flush() {
  while (queue.length) {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
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
  flushing = false;
}

async function writeAlone(waiting: Waiting) {
  try {
    const [result] = await directDb.transaction((session) => recordEvents(session, [waiting.event]));
    waiting.resolve(result ?? { status: "duplicate" });
  } catch (error) {
    waiting.reject(error);
  }
}
