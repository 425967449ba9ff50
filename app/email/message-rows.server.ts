// The Message row's writes on the send path, as plain SQL through the direct driver
// (app/db/direct.server.ts): one email carries ~25 KB of HTML, AMP and text, and Prisma's query
// compiler takes ~1.5 ms to carry them through WebAssembly — more than rendering the email — and a
// statement here is one round trip on PostgreSQL. The sender (./sender.server.ts) stays the one
// module that writes Message rows; everything else reads them through Prisma (rows written here
// read back the same, app/db/session.ts).
import { insertRowWhere, parameters, placeholder } from "../db/session";
import type { DirectDb } from "../db/direct.server";

/** A message stored as "sending" before the transport is called (the send-once claim). */
export type SendingMessage = {
  id: string;
  shop: string;
  sendId: string;
  campaign: string;
  step: string;
  toEmail: string;
  fromAddr: string;
  subject: string;
  headers: Record<string, string>;
  html: string;
  amp: string | null;
  text: string;
  questions: unknown[];
  transport: string;
  at: Date;
};

/**
 * Stores the message as "sending" — the send-once claim, before the transport is called — unless
 * `refused` holds (a SQL condition `refused(p)` writes, e.g. customers' suppressedCondition for a
 * marketing email): one statement (one round trip on PostgreSQL). False when nothing was stored: a
 * message for this send exists already (a retried job, or a concurrent twin; its sendId is unique),
 * or the condition refused it.
 */
export async function insertSendingMessage(
  direct: DirectDb,
  m: SendingMessage,
  refused: ((p: (value: unknown) => string) => string) | null,
): Promise<boolean> {
  const { p, values } = parameters(direct.kind);
  const row = {
    id: m.id,
    shop: m.shop,
    sendId: m.sendId,
    campaign: m.campaign,
    step: m.step,
    toEmail: m.toEmail,
    fromAddr: m.fromAddr,
    subject: m.subject,
    headers: JSON.stringify(m.headers),
    html: m.html,
    amp: m.amp,
    text: m.text,
    questions: JSON.stringify(m.questions),
    transport: m.transport,
    status: "sending",
    submittedAt: m.at,
    createdAt: m.at,
  };
  const insert = insertRowWhere(
    { kind: direct.kind, p },
    { table: "Message", row, jsonColumns: ["headers", "questions"] },
    () => (refused ? `NOT (${refused(p)})` : "TRUE"),
  );
  const inserted = await direct.query(`${insert} ON CONFLICT ("sendId") DO NOTHING RETURNING "id"`, values);
  return inserted.length > 0;
}

/**
 * Records the transport's acceptance: "sending" → "sent". Only from "sending": a delivery event may
 * have moved the status on already.
 */
export async function recordAccepted(
  direct: DirectDb,
  messageId: string,
  providerId: string | null,
  at: Date,
): Promise<void> {
  const p = (n: number) => placeholder(direct.kind, n);
  await direct.query(
    `UPDATE "Message" SET "status" = 'sent', "providerId" = ${p(1)}, "submittedAt" = ${p(2)} WHERE "id" = ${p(3)} AND "status" = 'sending'`,
    [providerId, at, messageId],
  );
}
