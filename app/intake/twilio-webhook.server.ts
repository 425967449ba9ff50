// The Twilio webhook edge: an incoming text (the shop's number or Messaging Service posts to
// /webhooks/twilio/messages?shop=…) and a text's status (the StatusCallback we gave each message,
// /webhooks/twilio/status?shop=…&message=…). Both are form-encoded and signed with the shop's auth
// token (X-Twilio-Signature over the URL Twilio called and the sorted parameters): a missing, forged
// or unverifiable signature is a 401 and nothing is stored. Each delivery is stored once in the
// event log (dedupe: MessageSid, and its status for callbacks) and processed in a job.
import db from "../db.server";
import { env } from "../env.server";
import { appClock } from "../lib/app-clock.server";
import { log } from "../lib/log.server";
import { textablePhone } from "../lib/phone";
import { sanitizeShop } from "../shopify/webhook-verifier.server";
import { twilioConnectionOf } from "../sms/connection.server";
import { TWILIO_SIGNATURE_HEADER, verifyTwilioSignature } from "../sms/twilio/signature.server";
import { formParams, inboundSchema, statusSchema } from "../sms/twilio/webhooks";
import { answer, OK, type Delivery, type IntakeAnswer } from "./delivery";
import { writeEvent } from "./event-writer.server";

/** Twilio reads the answer as TwiML: an empty Response sends no reply text. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const TWIML = answer(200, EMPTY_TWIML, { "Content-Type": "text/xml" });

/** The URL Twilio called, as Twilio saw it: the app's public origin, our path and query. */
const publicUrl = (delivery: Delivery) => `${new URL(env.SHOPIFY_APP_URL).origin}${delivery.url}`;

export function twilioWebhook(kind: "messages" | "status") {
  return async (delivery: Delivery): Promise<IntakeAnswer> => {
    const url = new URL(delivery.url, "http://intake.invalid");
    const shop = sanitizeShop(url.searchParams.get("shop") ?? "");
    // Without the shop's account there is no token to verify the signature with.
    const account = shop ? await twilioConnectionOf(db, shop) : null;
    const params = formParams(delivery.body);
    const signed =
      account !== null &&
      verifyTwilioSignature({
        authToken: account.authToken,
        signature: delivery.header(TWILIO_SIGNATURE_HEADER) ?? null,
        url: publicUrl(delivery),
        params,
      });
    if (!shop || !account || !signed) return answer(401, "Unauthorized");

    if (kind === "messages") {
      const parsed = inboundSchema.safeParse(params);
      if (!parsed.success || parsed.data.AccountSid !== account.accountSid)
        return rejected(400, parsed.success ? "not this shop's Twilio account" : "not an incoming message");
      const who = await db.customer.findFirst({
        where: { shop, phone: textablePhone(parsed.data.From) },
        select: { shopifyId: true, email: true },
      });
      await writeEvent({
        shop,
        source: "twilio",
        topic: "inbound",
        dedupeKey: parsed.data.MessageSid,
        triggeredAt: appClock.now(),
        payload: params,
        ...(who ? { customerId: who.shopifyId, ...(who.email ? { email: who.email } : {}) } : {}),
      });
      return TWIML;
    }

    const parsed = statusSchema.safeParse(params);
    const messageId = url.searchParams.get("message") ?? "";
    if (!parsed.success || parsed.data.AccountSid !== account.accountSid || !messageId)
      return rejected(400, parsed.success ? "not this shop's text" : "not a message status");
    const text = await db.smsMessage.findFirst({
      where: { id: messageId, shop },
      select: { email: true, customerId: true },
    });
    await writeEvent({
      shop,
      source: "twilio",
      topic: parsed.data.MessageStatus,
      dedupeKey: `${parsed.data.MessageSid}:${parsed.data.MessageStatus}`,
      triggeredAt: appClock.now(),
      payload: { message: messageId, status: params },
      ...(text ? { email: text.email, ...(text.customerId ? { customerId: text.customerId } : {}) } : {}),
    });
    return OK;
  };
}

function rejected(status: number, reason: string) {
  log.warn("twilio webhook rejected", { status, reason });
  return answer(status, reason);
}
