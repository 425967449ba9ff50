// The Message row's writes on the send path, as plain SQL through the direct driver
// (app/db/direct.server.ts): one email carries ~25 KB of HTML, AMP and text, and Prisma's query
// compiler takes ~1.5 ms to carry them through WebAssembly — more than rendering the email — and a
// statement here is one round trip on PostgreSQL. The sender (./sender.server.ts) stays the one
// module that writes Message rows; everything else reads them through Prisma (rows written here
// read back the same, app/db/session.ts).
import { boolOf, insertInBulk, parameters, placeholder, type InsertSpec } from "../db/session";
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

/** A message row; a second one for the same send conflicts on the unique sendId. */
const MESSAGE_INSERT: InsertSpec = {
  table: "Message",
  columns: [
    "id",
    "shop",
    "sendId",
    "campaign",
    "step",
    "toEmail",
    "fromAddr",
    "subject",
    "headers",
    "html",
    "amp",
    "text",
    "questions",
    "transport",
    "status",
    "submittedAt",
    "createdAt",
  ],
  jsonColumns: ["headers", "questions"],
  conflict: ["sendId"],
  returning: "id",
};

/**
 * What the sender checks before an email, in one statement: whether a message exists for this send
 * already (a retried job, or a concurrent twin), and whether the address is suppressed (`suppressed`
 * writes that condition, e.g. customers' suppressedCondition; "FALSE" when it does not matter).
 */
export async function checkBeforeSending(
  direct: DirectDb,
  sendId: string,
  suppressed: (p: (value: unknown) => string) => string,
): Promise<{ stored: boolean; suppressed: boolean }> {
  const { p, values } = parameters(direct.kind);
  const sql = `SELECT EXISTS (SELECT 1 FROM "Message" WHERE "sendId" = ${p(sendId)}) AS "stored",
    ${suppressed(p)} AS "suppressed"`;
  const [row] = await direct.query(sql, values);
  return { stored: boolOf(row?.stored), suppressed: boolOf(row?.suppressed) };
}

/** Stores the message as "sending"; false when a message for its send exists already. */
export async function insertSendingMessage(direct: DirectDb, m: SendingMessage): Promise<boolean> {
  // One statement of its own (one round trip on PostgreSQL), through the direct driver's `query`.
  const inserted = await insertInBulk(direct, MESSAGE_INSERT, [
    [
      m.id,
      m.shop,
      m.sendId,
      m.campaign,
      m.step,
      m.toEmail,
      m.fromAddr,
      m.subject,
      JSON.stringify(m.headers),
      m.html,
      m.amp,
      m.text,
      JSON.stringify(m.questions),
      m.transport,
      "sending",
      m.at,
      m.at,
    ],
  ]);
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
