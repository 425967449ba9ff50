// The event log: every accepted webhook, stored once, with its processing job enqueued in the same
// transaction. A duplicate delivery (same shop/source/topic/key) stores nothing and enqueues nothing.
// Works on a batch so one transaction can carry many deliveries (see event-writer.server.ts).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";
import { databaseKind } from "../db/database-url";
import { env } from "../env.server";
import type { EventSource } from "../events/event";
import { jobQueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { processEventJob } from "../events/jobs";

export type IncomingEvent = {
  shop: string;
  source: EventSource;
  topic: string;
  dedupeKey: string;
  webhookId?: string;
  triggeredAt?: Date;
  /** Parsed with parseJsonLossless, so ids beyond 2^53 are exact strings. */
  payload: Prisma.InputJsonObject | Prisma.InputJsonArray;
  customerId?: string;
  email?: string;
  /** "ignored": stored for the record, nothing to process (e.g. a topic we do not handle). */
  state?: "pending" | "ignored";
};

export type RecordResult = { status: "stored"; eventId: string } | { status: "duplicate" };

/**
 * Stores the events that are new and enqueues processing for the pending ones: two statements
 * whatever the batch size. Call inside a transaction. Results are in input order.
 *
 * The insert is one raw `INSERT … ON CONFLICT DO NOTHING RETURNING`: the hottest statement of the
 * app, and Prisma's query compiler would otherwise carry every payload through WebAssembly.
 * A duplicate (here or within the batch) is simply not returned.
 */
export async function recordEvents(tx: Tx, events: IncomingEvent[]): Promise<RecordResult[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => ({ id: randomUUID(), event }));
  const inserted = new Set(await insertIgnoringDuplicates(tx, rows));
  const pending = rows
    .filter((r) => inserted.has(r.id) && (r.event.state ?? "pending") === "pending")
    .map((r) => ({ eventId: r.id }));
  await jobQueue.enqueueMany(tx, processEventJob, pending);
  return rows.map((r): RecordResult =>
    inserted.has(r.id) ? { status: "stored", eventId: r.id } : { status: "duplicate" },
  );
}

const COLUMNS = [
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
];

async function insertIgnoringDuplicates(
  tx: Tx,
  rows: { id: string; event: IncomingEvent }[],
): Promise<string[]> {
  const postgres = databaseKind(env.DATABASE_URL) === "postgresql";
  const now = appClock.now();
  const values: unknown[] = [];
  const tuples = rows.map(({ id, event }) => {
    const row = [
      id,
      event.shop,
      event.source,
      event.topic,
      event.dedupeKey,
      event.webhookId ?? null,
      event.triggeredAt ?? null,
      now,
      JSON.stringify(event.payload),
      event.customerId ?? null,
      event.email ?? null,
      event.state ?? "pending",
    ];
    const placeholders = row.map((value, i) => {
      values.push(value);
      if (!postgres) return "?";
      return COLUMNS[i] === "payload" ? `CAST($${values.length} AS jsonb)` : `$${values.length}`;
    });
    return `(${placeholders.join(", ")})`;
  });
  const sql = `INSERT INTO "Event" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT ("shop", "source", "topic", "dedupeKey") DO NOTHING RETURNING "id"`;
  const returned = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values);
  return returned.map((r) => r.id);
}

export async function recordEvent(tx: Tx, event: IncomingEvent): Promise<RecordResult> {
  const [result] = await recordEvents(tx, [event]);
  return result ?? { status: "duplicate" };
}
