// One webhook delivery as intake sees it, whoever sent it, and intake's answer: plain data, so the
// sources' code is the same behind the HTTP server (./http.server.ts) and in tests.
import type { HeaderReader } from "../shopify/webhook-verifier.server";

export type { HeaderReader };

export type Delivery = {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  /** The path alone (no query). */
  path: string;
  header: HeaderReader;
  /** The body as UTF-8 text (read up to MAX_WEBHOOK_BYTES; larger bodies never get here). */
  body: string;
};

export type IntakeAnswer = { status: number; text: string; headers?: Record<string, string> };

export const answer = (status: number, text: string, headers?: Record<string, string>): IntakeAnswer => ({
  status,
  text,
  ...(headers ? { headers } : {}),
});

export const OK = answer(200, "ok");
export const NOT_ALLOWED = answer(405, "Method not allowed", { Allow: "POST" });

/** A webhook source: reads one delivery, stores what it accepts (acknowledged after the commit). */
export type WebhookSource = (delivery: Delivery) => Promise<IntakeAnswer>;
