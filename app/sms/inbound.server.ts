// A text a customer sent to the shop's number (the event log's twilio:inbound, in a job): kept
// whatever it says, as one SmsReply. A keyword changes SMS consent at once (consent.server.ts); any
// other text is read against the LAST OPEN question for that number in this shop — the newest text
// with a question that reached the phone within the shop's answer expiry — and an exact fit is an
// answer through the answers core (source "sms": the answers list, the dashboard, HubSpot). A text
// that fits no question, or comes when none is open, is kept and shown with the reason, never
// guessed (docs/decisions/0019-two-way-sms.md).
import { randomUUID } from "node:crypto";
import { confirmAnswer, type Target } from "../answers/answers.server";
import type { Tx } from "../db.server";
import type { EventHandler } from "../events/event";
import { textablePhone } from "../lib/phone";
import { readShop } from "../shops/shops.server";
import { applySmsConsent } from "./consent.server";
import { storedSmsQuestion } from "./sender.server";
import { keywordOf, readReply } from "./text";
import { inboundSchema } from "./twilio/webhooks";

const DAY = 86_400_000;

/** The newest text to this phone that asked a question and may still be answered, with its question. */
export async function openQuestion(tx: Tx, shop: string, phone: string, at: Date, expiryDays: number) {
  const recent = await tx.smsMessage.findMany({
    where: {
      shop,
      toPhone: phone,
      status: { notIn: ["queued", "rejected"] },
      submittedAt: { gte: new Date(at.getTime() - expiryDays * DAY), lte: at },
    },
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  for (const text of recent) {
    const question = storedSmsQuestion(text.question);
    if (question) return { text, question };
  }
  return null;
}

export const onTextReceived: EventHandler = async (tx, event) => {
  const incoming = inboundSchema.parse(event.payload);
  const shop = event.shop;
  const known = await tx.smsReply.findUnique({
    where: { shop_providerId: { shop, providerId: incoming.MessageSid } },
    select: { id: true },
  });
  if (known) return;
  const id = randomUUID();
  const phone = textablePhone(incoming.From);
  const at = event.triggeredAt ?? event.receivedAt;
  const base = {
    id,
    shop,
    providerId: incoming.MessageSid,
    fromPhone: phone,
    body: incoming.Body,
    receivedAt: at,
  };
  const customer = await tx.customer.findFirst({
    where: { shop, phone },
    orderBy: { updatedAt: "desc" },
    select: { shopifyId: true, email: true },
  });
  const who = { email: customer?.email ?? null, customerId: customer?.shopifyId ?? null };

  const keyword = keywordOf(incoming.Body);
  if (keyword === "stop" || keyword === "start") {
    const state = keyword === "stop" ? "UNSUBSCRIBED" : "SUBSCRIBED";
    const changed = await applySmsConsent(tx, { shop, phone, state, at, replyId: id });
    await tx.smsReply.create({
      data: {
        ...base,
        ...who,
        outcome: keyword === "stop" ? "opted_out" : "opted_in",
        reason: changed
          ? `${keyword === "stop" ? "Unsubscribed from" : "Subscribed again to"} SMS marketing at once; sent to Shopify.`
          : "No customer of the store has this number: nothing to change in Shopify.",
      },
    });
    return;
  }
  if (keyword === "help") {
    await tx.smsReply.create({
      data: {
        ...base,
        ...who,
        outcome: "help",
        reason: "HELP: Twilio answers with the help message of your number or Messaging Service.",
      },
    });
    return;
  }

  const { settings } = await readShop(tx, shop);
  const open = await openQuestion(tx, shop, phone, at, settings.answerLinkExpiryDays);
  if (!open) {
    await tx.smsReply.create({
      data: {
        ...base,
        ...who,
        outcome: "no_open_question",
        reason: `No question was open for this number: no text with a question reached it in the last ${settings.answerLinkExpiryDays} days.`,
      },
    });
    return;
  }
  const { text, question } = open;
  const reading = readReply(incoming.Body, question);
  const about = {
    smsMessageId: text.id,
    questionKey: question.key,
    email: text.email,
    customerId: text.customerId,
  };
  if (!reading.ok) {
    await tx.smsReply.create({ data: { ...base, ...about, outcome: "unparseable", reason: reading.reason } });
    return;
  }
  const target: Target = {
    message: {
      id: text.id,
      shop,
      campaign: text.campaign,
      sendId: text.sendId,
      toEmail: text.email,
      submittedAt: text.submittedAt,
      deliveredAt: text.deliveredAt,
    },
    question,
    parent: null,
  };
  await confirmAnswer(tx, target, { value: reading.value, channel: "sms", source: "sms", at });
  await tx.smsReply.create({
    data: {
      ...base,
      ...about,
      outcome: "answer",
      value: reading.value,
      reason: `${question.prompt} → ${reading.label}`,
    },
  });
};
