// The SmsSender: renders, stores and transmits one text per ScheduledSend — never two — the same
// way the email sender does (docs/decisions/0009): the SmsMessage row, unique per sendId, is stored
// as "sending" before the transport is called and the transport's answer is written immediately
// after. A retry finds the row: submitted → duplicate; "queued" (not now) → submitted again;
// "sending" → only once the earlier attempt is surely over (SENDING_STALE_MS). Twilio's Messages
// resource has no idempotency key either, so the one window is the same. A refusal is kept with
// Twilio's reason (an invalid number: 21211, an opted-out one: 21610) for the merchant to see; a
// refused account marks the shop's Twilio connection broken.
import { questionSchema } from "../campaigns/questions";
import type { Db } from "../db.server";
import { inProcessWaitMs, newMessageId, SENDING_STALE_MS, TransientSendError } from "../email/sender.server";
import { systemClock, type Clock } from "../lib/clock";
import { log } from "../lib/log.server";
import { textablePhone } from "../lib/phone";
import { isUniqueViolation } from "../lib/prisma-errors";
import { composeSms } from "./compose.server";
import { markTwilioBroken } from "./connection.server";
import type { OutgoingSms, SmsSender, SmsSendOutcome } from "./outgoing";
import { smsWasSubmitted } from "./status";
import type { SmsSubmission, SmsTransport } from "./transport";

const IN_PROCESS_ATTEMPTS = 3;

export type SmsSenderDeps = {
  db: Db;
  /** The shop's transport: Twilio with its account, or the outbox. */
  transportFor(shop: string): Promise<SmsTransport>;
  /** Where the provider reports a text's status (null: nowhere, e.g. the outbox reports itself). */
  statusCallback(shop: string, messageId: string, transport: SmsTransport): string | null;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
};

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const storedQuestion = questionSchema.nullable();

type Row = NonNullable<Awaited<ReturnType<Db["smsMessage"]["findUnique"]>>>;

export function createSmsSender(deps: SmsSenderDeps): SmsSender {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? sleepFor;
  const { db } = deps;

  async function submit(row: Row, transport: SmsTransport): Promise<SmsSendOutcome> {
    const submission: SmsSubmission = {
      shop: row.shop,
      messageId: row.id,
      to: row.toPhone,
      body: row.body,
      statusCallback: deps.statusCallback(row.shop, row.id, transport),
    };
    for (let attempt = 1; ; attempt++) {
      const result = await transport.submit(submission);
      if (result.status === "accepted") {
        // Only from "sending": a status callback may have moved it on already.
        await db.smsMessage.updateMany({
          where: { id: row.id, status: "sending" },
          data: { status: "sent", providerId: result.providerId, submittedAt: clock.now() },
        });
        await db.smsMessage.updateMany({
          where: { id: row.id, providerId: null },
          data: { providerId: result.providerId },
        });
        log.info("text sent", { shop: row.shop, messageId: row.id, transport: transport.name });
        return { status: "sent", messageId: row.id, transport: transport.name };
      }
      if (result.status === "refused") {
        await db.smsMessage.update({
          where: { id: row.id },
          data: { status: "rejected", error: result.reason },
        });
        if (result.credentials) await markTwilioBroken(db, row.shop, result.reason);
        log.warn("text refused by transport", { shop: row.shop, messageId: row.id, reason: result.reason });
        return { status: "rejected", reason: result.reason, messageId: row.id };
      }
      if (result.ambiguous) {
        log.warn("text send outcome unknown", { shop: row.shop, messageId: row.id, reason: result.reason });
        throw new TransientSendError(result.reason);
      }
      if (attempt >= IN_PROCESS_ATTEMPTS) {
        await db.smsMessage.update({ where: { id: row.id }, data: { status: "queued" } });
        throw new TransientSendError(result.reason);
      }
      await sleep(inProcessWaitMs(attempt, result.retryAfterMs));
    }
  }

  async function resume(existing: Row): Promise<SmsSendOutcome> {
    if (smsWasSubmitted(existing.status)) return { status: "duplicate", messageId: existing.id };
    if (existing.status === "rejected")
      return {
        status: "rejected",
        reason: existing.error ?? "The text was refused earlier",
        messageId: existing.id,
      };
    const now = clock.now();
    const stale = new Date(now.getTime() - SENDING_STALE_MS);
    const claimed = await db.smsMessage.updateMany({
      where: {
        id: existing.id,
        OR: [{ status: "queued" }, { status: "sending", submittedAt: { lt: stale } }],
      },
      data: { status: "sending", submittedAt: now },
    });
    if (claimed.count === 0) throw new TransientSendError(`text ${existing.id} is in progress elsewhere`);
    return submit(existing, await deps.transportFor(existing.shop));
  }

  async function send(sms: OutgoingSms): Promise<SmsSendOutcome> {
    if (sms.sendId) {
      const existing = await db.smsMessage.findUnique({ where: { sendId: sms.sendId } });
      if (existing) return resume(existing);
    }
    const composed = composeSms(sms.text, sms.data, sms.question);
    if (!composed.ok) return { status: "rejected", reason: composed.reason };
    const transport = await deps.transportFor(sms.shop);
    const now = clock.now();
    let row: Row;
    try {
      // Stored as "sending" before the transport is called (the claim).
      row = await db.smsMessage.create({
        data: {
          id: newMessageId(),
          shop: sms.shop,
          sendId: sms.sendId,
          campaign: sms.campaign,
          step: sms.step,
          toPhone: textablePhone(sms.to.phone),
          email: sms.to.email,
          customerId: sms.to.customerId,
          body: composed.body,
          question: storedQuestion.parse(sms.question) ?? undefined,
          transport: transport.name,
          status: "sending",
          submittedAt: now,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error) || !sms.sendId) throw error;
      const twin = await db.smsMessage.findUnique({ where: { sendId: sms.sendId }, select: { id: true } });
      if (!twin) throw new TransientSendError(`text for send ${sms.sendId} vanished`);
      return { status: "duplicate", messageId: twin.id };
    }
    return submit(row, transport);
  }

  return { send };
}

/** The question a stored text asked (unreadable or none: null). */
export function storedSmsQuestion(stored: unknown) {
  const parsed = storedQuestion.safeParse(stored ?? null);
  return parsed.success ? parsed.data : null;
}
