// Group commit for webhook deliveries. Each delivery waits until its event is committed (only then
// is it acknowledged), but deliveries arriving together share one transaction: a handful of
// statements per batch instead of per delivery. A batch that fails is retried one delivery at a
// time, so one bad row cannot fail its neighbours.
import db from "../db.server";
import { isUniqueViolation } from "../lib/prisma-errors";
import { recordEvents, type IncomingEvent, type RecordResult } from "./event-log.server";

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

async function flush() {
  while (queue.length) {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
    try {
      const results = await db.$transaction((tx) =>
        recordEvents(
          tx,
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
    const [result] = await db.$transaction((tx) => recordEvents(tx, [waiting.event]));
    waiting.resolve(result ?? { status: "duplicate" });
  } catch (error) {
    // Another process stored the same delivery between our check and insert: stored once.
    if (isUniqueViolation(error)) waiting.resolve({ status: "duplicate" });
    else waiting.reject(error);
  }
}
