// The event log: every accepted webhook, from any source, stored once, with its processing job
// enqueued in the same transaction. A duplicate delivery (same shop/source/topic/key) stores nothing
// and enqueues nothing. This is the only code that writes events (decision 0013): it runs in a
// transaction of the direct driver (event-writer.server.ts groups deliveries into one), on SQLite
// under decision 0004's lock, on PostgreSQL with pg-boss's job rows in the same transaction.
import type { Prisma } from "@prisma/client";
import type { InsertSpec, SqlSession } from "../db/session";
import type { EventSource } from "../events/event";
import { processEventJob } from "../events/jobs";
import { jobQueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { timeOrderedId } from "../lib/ids";

/** One delivery's event, whichever source sent it (Shopify, HubSpot, SendGrid, the outbox …). */
export type IncomingEvent = {
  shop: string;
  source: EventSource;
  topic: string;
  /** The source's id of the event: a second delivery with the same key is a duplicate. */
  dedupeKey: string;
  webhookId?: string;
  triggeredAt?: Date;
  /** Parsed with parseJsonLossless, so ids beyond 2^53 are exact strings. */
  payload: Prisma.InputJsonObject | Prisma.InputJsonArray;
  /**
   * The JSON text `payload` was parsed from (parseJsonLosslessText's `text`), when there is one:
   * stored as it is instead of serializing `payload` again (a 16 KB order costs ~30 µs to serialize).
   */
  payloadText?: string;
  /** Who the event is about (so redaction can find it). */
  customerId?: string;
  email?: string;
  /** "ignored": stored for the record, nothing to process (e.g. a topic we do not handle). */
  state?: "pending" | "ignored";
};

export type RecordResult = { status: "stored"; eventId: string } | { status: "duplicate" };

/** An event row; a second delivery of the same event conflicts on the unique dedupe columns. */
const EVENT_INSERT: InsertSpec = {
  table: "Event",
  columns: [
    "id",
    "shop",
    "source",
    "topic",
    "dedupeKey",
    "webhookId",
    "triggeredAt",
    "receivedAt",
    "payload",
    "customerId",
    "email",
    "state",
  ],
  jsonColumns: ["payload"],
  conflict: ["shop", "source", "topic", "dedupeKey"],
  returning: "id",
};

/**
 * Stores the events that are new and enqueues processing for the pending ones
 * (`INSERT … ON CONFLICT DO NOTHING RETURNING`, then the enqueue): on PostgreSQL two statements
 * whatever the batch size, on SQLite two prepared statements run per row (cheaper there).
 * Call inside a transaction. Results are in input order; a duplicate (of a stored event, or of an
 * earlier one in the batch) is simply not returned by the insert.
 */
export async function recordEvents(session: SqlSession, events: IncomingEvent[]): Promise<RecordResult[]> {
  if (events.length === 0) return [];
  const now = appClock.now();
  const rows = events.map((event) => ({ id: timeOrderedId(now), event }));
  const returned = await session.insertIgnoring(
    EVENT_INSERT,
    rows.map(({ id, event }) => [
      id,
      event.shop,
      event.source,
      event.topic,
      event.dedupeKey,
      event.webhookId ?? null,
      event.triggeredAt ?? null,
      now,
      event.payloadText ?? JSON.stringify(event.payload),
      event.customerId ?? null,
      event.email ?? null,
      event.state ?? "pending",
    ]),
  );
  const inserted = new Set(returned);
  const pending = rows
    .filter((r) => inserted.has(r.id) && (r.event.state ?? "pending") === "pending")
    .map((r) => ({ payload: { eventId: r.id } }));
  await jobQueue.enqueueMany(session, processEventJob, pending);
  return rows.map((r): RecordResult =>
    inserted.has(r.id) ? { status: "stored", eventId: r.id } : { status: "duplicate" },
  );
}
