// The event log: every accepted webhook, stored once, with its processing job enqueued in the same
// transaction. A duplicate delivery (same shop/source/topic/key) stores nothing and enqueues nothing.
// Works on a batch so one transaction can carry many deliveries (see event-writer.server.ts).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";
import { jobQueue } from "../jobs/jobs.server";
import { processEventJob } from "./process.server";

export type EventSource = "shopify" | "hubspot" | "sendgrid";

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

const keyOf = (e: { shop: string; source: string; topic: string; dedupeKey: string }) => `${e.shop}\n${e.source}\n${e.topic}\n${e.dedupeKey}`;

/**
 * Stores the events that are new and enqueues processing for the pending ones: three statements
 * whatever the batch size. Call inside a transaction. Results are in input order.
 */
export async function recordEvents(tx: Tx, events: IncomingEvent[]): Promise<RecordResult[]> {
  if (events.length === 0) return [];
  const existing = await tx.event.findMany({
    where: { OR: events.map((e) => ({ shop: e.shop, source: e.source, topic: e.topic, dedupeKey: e.dedupeKey })) },
    select: { shop: true, source: true, topic: true, dedupeKey: true },
  });
  const seen = new Set(existing.map(keyOf));
  const rows: (Prisma.EventCreateManyInput & { id: string; state: string })[] = [];
  const results = events.map((event): RecordResult => {
    const key = keyOf(event);
    if (seen.has(key)) return { status: "duplicate" };
    seen.add(key); // a second copy inside the same batch is a duplicate too
    const id = randomUUID();
    rows.push({
      id,
      shop: event.shop,
      source: event.source,
      topic: event.topic,
      dedupeKey: event.dedupeKey,
      webhookId: event.webhookId ?? null,
      triggeredAt: event.triggeredAt ?? null,
      payload: event.payload,
      customerId: event.customerId ?? null,
      email: event.email ?? null,
      state: event.state ?? "pending",
    });
    return { status: "stored", eventId: id };
  });
  if (rows.length) {
    await tx.event.createMany({ data: rows });
    const pending = rows.filter((r) => r.state === "pending").map((r) => ({ eventId: r.id }));
    await jobQueue.enqueueMany(tx, processEventJob, pending);
  }
  return results;
}

export async function recordEvent(tx: Tx, event: IncomingEvent): Promise<RecordResult> {
  const [result] = await recordEvents(tx, [event]);
  return result ?? { status: "duplicate" };
}
