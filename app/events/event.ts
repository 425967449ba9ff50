// A stored event as its handlers see it, and the shape of a handler. Events are stored by intake
// (app/intake/) and routed to handlers by the routing table (./routes.server.ts); the domains that
// handle them import only this module. Knows no product.
import type { z } from "zod";
import type { Tx } from "../db.server";
import type { SqlSession } from "../db/session";

/** Where an event came from: a webhook of Shopify, HubSpot, SendGrid or Twilio, or an outbox's reports. */
export type EventSource = "shopify" | "hubspot" | "sendgrid" | "outbox" | "twilio" | "sms_outbox";

export type EventRow = {
  id: string;
  shop: string;
  source: string;
  topic: string;
  payload: unknown;
  customerId: string | null;
  email: string | null;
  triggeredAt: Date | null;
  receivedAt: Date;
};

/**
 * Reacts to one stored event inside its processing transaction: database writes and job enqueues
 * only (calls to other systems happen in jobs). Idempotent: an event may be processed again. The
 * transaction may apply other events received about the same moment, before and after this one
 * (app/intake/process.server.ts): a handler sees their writes, as it would one by one.
 */
export type EventHandler = (tx: Tx, event: EventRow) => Promise<void>;

/**
 * A handler written as plain SQL against a session (app/db/session.ts), for the events that come by
 * the thousand with every campaign (delivered, open, click): a set whose handlers are all of this
 * kind is applied in a transaction of the direct driver, without Prisma's query compiler (decision
 * 0017); beside other events, in their Prisma transaction through a session over it. The same
 * promises as EventHandler, and one more: every statement goes through the session, none through
 * Prisma (on SQLite the direct driver holds the one connection's lock: a Prisma call would wait on it
 * forever).
 */
export type SessionHandler = { readonly session: (session: SqlSession, event: EventRow) => Promise<void> };

/** What the routing table names for an event. */
export type Handler = EventHandler | SessionHandler;

export const isSessionHandler = (handler: Handler): handler is SessionHandler =>
  typeof handler !== "function";

/** A handler of typed payloads: payloads were validated at intake, parsing again gives the type. */
export const typedHandler =
  <S extends z.ZodType>(
    schema: S,
    handle: (tx: Tx, payload: z.output<S>, event: EventRow) => Promise<void>,
  ): EventHandler =>
  (tx, event) =>
    handle(tx, schema.parse(event.payload), event);
