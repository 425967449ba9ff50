// The event log: every accepted webhook, stored once, with its processing job enqueued in the same
// transaction. A duplicate delivery (same source/shop/topic/key) stores nothing and enqueues nothing.
import type { Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import type { JsonValue } from "../lib/json";
import { isUniqueViolation } from "../lib/prisma-errors";
import { processEventJob } from "./process.server";

export type EventSource = "shopify" | "hubspot" | "sendgrid";

export type IncomingEvent = {
  shop: string;
  source: EventSource;
  topic: string;
  dedupeKey: string;
  webhookId?: string;
  triggeredAt?: Date;
  payload: JsonValue;
  customerId?: string;
  email?: string;
  /** "ignored": stored for the record, nothing to process (e.g. a topic we do not handle). */
  state?: "pending" | "ignored";
};

export type RecordResult = { status: "stored"; eventId: string } | { status: "duplicate" };

/** Stores the event and enqueues its processing. Call inside a transaction. */
export async function recordEvent(tx: Tx, event: IncomingEvent): Promise<RecordResult> {
  const key = { shop: event.shop, source: event.source, topic: event.topic, dedupeKey: event.dedupeKey };
  if (await tx.event.findUnique({ where: { shop_source_topic_dedupeKey: key }, select: { id: true } })) {
    return { status: "duplicate" };
  }
  const state = event.state ?? "pending";
  const created = await tx.event.create({
    data: {
      ...key,
      webhookId: event.webhookId ?? null,
      triggeredAt: event.triggeredAt ?? null,
      payload: event.payload ?? {},
      customerId: event.customerId ?? null,
      email: event.email ?? null,
      state,
    },
    select: { id: true },
  });
  if (state === "pending") {
    await enqueue(tx, processEventJob, { eventId: created.id }, { idempotencyKey: `event:${created.id}` });
  }
  return { status: "stored", eventId: created.id };
}

/** recordEvent in its own transaction; a concurrent twin that won the insert race counts as a duplicate. */
export async function recordEventOnce(
  db: { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> },
  event: IncomingEvent,
): Promise<RecordResult> {
  try {
    return await db.$transaction((tx) => recordEvent(tx, event));
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate" };
    throw error;
  }
}
