// The EmailSender: renders, stores and transmits one message per ScheduledSend — never two.
//
// Send-once (docs/decisions/0009-email-send-once.md): the Message row, unique per sendId, is the
// record. It is stored as "sending" *before* the transport (SendGrid, the outbox) is called, and
// the transport's answer is written immediately after. A retried job finds the row: "sent" →
// duplicate; "queued" (the transport said "not now") → submitted again; "sending" → an earlier
// attempt died between request and commit, or lost the response: only once that attempt is surely
// over (SENDING_STALE_MS) is the message submitted again — the one case where the recipient can get
// it twice.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { questionSchema } from "../campaigns/questions";
import { suppressedCondition } from "../customers/suppression.server";
// The Message row's writes go through the process's direct driver (./message-rows.server.ts).
import { directDb, type Db } from "../db.server";
import { backoffMs } from "../lib/backoff";
import { systemClock, type Clock } from "../lib/clock";
import { log } from "../lib/log.server";
import { readShop } from "../shops/shops.server";
import { composeEmail, senderOf, type ComposeConfig, type ShopSender } from "./compose";
import { insertSendingMessage, recordAccepted } from "./message-rows.server";
import { wasSubmitted } from "./message-status";
import type { EmailSender, OutgoingEmail, SendOutcome } from "./outgoing";
import type { Submission, Transport } from "./transport";

/** A send that did not go out now and may later: the caller's job retries it. */
export class TransientSendError extends Error {
  override name = "TransientSendError";
}

/** Longer than any SendGrid request can take (its client times out at 30 s). */
export const SENDING_STALE_MS = 2 * 60_000;
const IN_PROCESS_ATTEMPTS = 3;
const EXTRA_HEADERS = ["List-Unsubscribe", "List-Unsubscribe-Post"];

export type SenderDeps = {
  db: Db;
  transport: Transport;
  config: ComposeConfig;
  clock?: Clock;
  /** Waits between in-process retries (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
};

export const newMessageId = () => randomBytes(16).toString("base64url");

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const MAX_IN_PROCESS_WAIT_MS = 10_000;

/** The wait between in-process attempts: the provider's Retry-After if it gave one (capped), else 0.5 s, 1 s … */
export function inProcessWaitMs(attempt: number, retryAfterMs?: number) {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_IN_PROCESS_WAIT_MS);
  return backoffMs(attempt, { baseMs: 500, maxMs: MAX_IN_PROCESS_WAIT_MS });
}

/** Who the email is from: as its caller passed it, else from the shop's settings as they are now. */
export async function senderFor(db: Db, email: OutgoingEmail): Promise<ShopSender> {
  return email.from ?? senderOf(await readShop(db, email.shop));
}

const storedHeaders = z.record(z.string(), z.string());
const storedQuestions = z.array(questionSchema);

export function createEmailSender(deps: SenderDeps): EmailSender {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? sleepFor;
  const { db, transport } = deps;

  /** Submits a stored, claimed ("sending") message and records the transport's answer at once. */
  async function submit(submission: Submission): Promise<SendOutcome> {
    for (let attempt = 1; ; attempt++) {
      const result = await transport.submit(submission);
      if (result.status === "accepted") {
        // The send-once window is between the provider's 202 and this update: keep nothing in
        // between. Only from "sending": a delivery event may have moved the status on already.
        await recordAccepted(directDb, submission.messageId, result.providerId, clock.now());
        log.info("email sent", {
          shop: submission.shop,
          sendId: submission.sendId,
          messageId: submission.messageId,
          transport: transport.name,
        });
        return { status: "sent", messageId: submission.messageId, transport: transport.name };
      }
      if (result.status === "refused") {
        await db.message.updateMany({ where: { id: submission.messageId }, data: { status: "rejected" } });
        log.warn("email refused by transport", {
          shop: submission.shop,
          sendId: submission.sendId,
          reason: result.reason,
        });
        return { status: "rejected", reason: result.reason };
      }
      if (result.ambiguous) {
        // The provider may have it: leave "sending", so a retry resends only after SENDING_STALE_MS.
        log.warn("email send outcome unknown", {
          shop: submission.shop,
          sendId: submission.sendId,
          reason: result.reason,
        });
        throw new TransientSendError(result.reason);
      }
      if (attempt >= IN_PROCESS_ATTEMPTS) {
        await db.message.updateMany({ where: { id: submission.messageId }, data: { status: "queued" } });
        throw new TransientSendError(result.reason);
      }
      await sleep(inProcessWaitMs(attempt, result.retryAfterMs));
    }
  }

  /** A Message for this send exists already (a retried job, or a concurrent twin). */
  async function resume(
    existing: NonNullable<Awaited<ReturnType<Db["message"]["findUnique"]>>>,
  ): Promise<SendOutcome> {
    if (wasSubmitted(existing.status)) return { status: "duplicate", messageId: existing.id };
    if (existing.status === "rejected")
      return { status: "rejected", reason: "The email provider refused this message earlier" };
    const now = clock.now();
    const stale = new Date(now.getTime() - SENDING_STALE_MS);
    // Claim: only one retry takes a queued message, or a "sending" one whose attempt is surely over.
    const claimed = await db.message.updateMany({
      where: {
        id: existing.id,
        OR: [{ status: "queued" }, { status: "sending", submittedAt: { lt: stale } }],
      },
      data: { status: "sending", submittedAt: now },
    });
    if (claimed.count === 0)
      throw new TransientSendError(`send ${existing.sendId ?? existing.id} is in progress elsewhere`);
    if (existing.status === "sending")
      log.warn("resubmitting a message whose earlier attempt did not finish", {
        shop: existing.shop,
        messageId: existing.id,
      });
    const headers = storedHeaders.parse(existing.headers);
    return submit({
      shop: existing.shop,
      sendId: existing.sendId ?? existing.id,
      messageId: existing.id,
      campaign: existing.campaign,
      step: existing.step,
      from: { email: existing.fromAddr, name: displayNameOf(headers.From) },
      replyTo: headers["Reply-To"] ?? null,
      to: existing.toEmail,
      subject: existing.subject,
      text: existing.text,
      amp: existing.amp,
      html: existing.html,
      headers: Object.fromEntries(
        EXTRA_HEADERS.flatMap((name) => (headers[name] ? [[name, headers[name]]] : [])),
      ),
    });
  }

  /** The message stored for this send, if any. */
  const storedFor = (sendId: string) => db.message.findUnique({ where: { sendId } });

  async function send(email: OutgoingEmail): Promise<SendOutcome> {
    const now = clock.now();
    const messageId = newMessageId();
    const composed = await composeEmail(email, { messageId }, now, await senderFor(db, email), deps.config);
    if (!composed.ok) {
      // A retried job whose message went out before the template broke: that message stands.
      const existing = await storedFor(email.sendId);
      if (existing) return resume(existing);
      log.warn("email not sent: template error", {
        shop: email.shop,
        sendId: email.sendId,
        template: email.template,
      });
      return { status: "rejected", reason: composed.reason };
    }
    const m = composed.message;
    // Stored as "sending" before the transport is called (the claim), in the same statement as the
    // check that a marketing email's address is not suppressed: nothing is stored for one that is.
    const stored = await insertSendingMessage(
      directDb,
      {
        id: messageId,
        shop: email.shop,
        sendId: email.sendId,
        campaign: email.campaign,
        step: email.step,
        toEmail: m.to,
        fromAddr: m.from.email,
        subject: m.subject,
        headers: m.headers,
        html: m.html,
        amp: m.amp,
        text: m.text,
        questions: storedQuestions.parse(email.questions),
        transport: transport.name,
        at: now,
      },
      email.marketing ? (p) => suppressedCondition(p, email.shop, email.to.email) : null,
    );
    if (!stored) {
      // A message for this send was there first (a retried job, or a concurrent twin): carry on
      // from where it stands. Else the address was suppressed.
      const existing = await storedFor(email.sendId);
      if (existing) return resume(existing);
      if (!email.marketing) throw new TransientSendError(`message for send ${email.sendId} vanished`);
      return {
        status: "rejected",
        reason: "The address is suppressed (unsubscribed, bounced or reported spam)",
      };
    }
    return submit({
      shop: email.shop,
      sendId: email.sendId,
      messageId,
      campaign: email.campaign,
      step: email.step,
      from: m.from,
      replyTo: m.replyTo,
      to: m.to,
      subject: m.subject,
      text: m.text,
      amp: m.amp,
      html: m.html,
      headers: m.extraHeaders,
    });
  }

  return { send };
}

/** The display name of a stored From header (`"Name" <address>`). */
export function displayNameOf(from: string | undefined): string {
  return /^"(.*)" <[^>]+>$/.exec(from ?? "")?.[1] ?? "";
}
