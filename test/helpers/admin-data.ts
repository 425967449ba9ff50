// A shop with one of everything the admin shows — campaign settings and texts, shop settings, a
// journey with a scheduled and a sent email, its timeline, an answer, a provisional click, a
// conversion, a HubSpot connection with a waiting write, an OAuth state, a Twilio account with a
// text and a reply — every text carrying the
// shop's marker, so a page that leaks another shop's data is easy to catch.
import { defaultSettings } from "../../app/campaigns/settings";
import db from "../../app/db.server";
import { defaultShopSettings } from "../../app/shops/settings";
import { saveTwilioConnection } from "../../app/sms/connection.server";
import { seedShop } from "./shopify";

export async function seedAdminShop(shop: string, marker: string, now = new Date()) {
  await seedShop(shop, { name: `${marker} Store` });
  const email = `${marker.toLowerCase()}-customer@example.com`;
  const hour = 3_600_000;
  await db.shop.update({
    where: { domain: shop },
    data: { email: `owner@${shop}`, settings: { ...defaultShopSettings, senderName: `${marker} Sender` } },
  });
  const cart = defaultSettings("abandoned_cart");
  await db.campaignConfig.createMany({
    data: [
      {
        shop,
        kind: "abandoned_cart",
        enabled: true,
        settings: {
          ...cart,
          reminder: { ...cart.reminder, content: { subject: `${marker} subject for {{ shop.name }}` } },
        },
      },
      { shop, kind: "post_purchase", enabled: true, settings: defaultSettings("post_purchase") },
    ],
  });
  const journey = await db.journey.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      subjectKey: `${marker}-checkout`,
      email,
      enteredAt: new Date(now.getTime() - 2 * hour),
      context: {
        cursor: 2,
        sent: [],
        customer: { firstName: marker },
        checkout: { token: `${marker}-checkout`, lineItems: [], totalCents: 5000, currency: "USD" },
      },
    },
  });
  const who = { shop, campaign: "abandoned_cart", journeyId: journey.id, email };
  const sent = await db.scheduledSend.create({
    data: {
      ...who,
      step: "reminder",
      runAt: new Date(now.getTime() - hour),
      state: "sent",
      sentAt: new Date(now.getTime() - hour),
      idempotencyKey: `${journey.id}:reminder`,
    },
  });
  const scheduled = await db.scheduledSend.create({
    data: {
      ...who,
      step: "discount",
      runAt: new Date(now.getTime() + 20 * hour),
      idempotencyKey: `${journey.id}:discount`,
    },
  });
  await db.decision.createMany({
    data: [
      { ...who, kind: "entered", reason: `${marker} entered`, at: new Date(now.getTime() - 2 * hour) },
      {
        ...who,
        kind: "scheduled",
        reason: "discount",
        detail: { sendId: scheduled.id, step: "discount" },
        at: new Date(now.getTime() - hour),
      },
    ],
  });
  const message = await db.message.create({
    data: {
      shop,
      sendId: sent.id,
      campaign: "abandoned_cart",
      step: "reminder",
      toEmail: email,
      fromAddr: "hello@replyloop.test",
      subject: `${marker} subject`,
      headers: {},
      html: `<p>${marker}</p>`,
      text: marker,
      transport: "outbox",
      status: "opened",
      submittedAt: new Date(now.getTime() - hour),
      deliveredAt: new Date(now.getTime() - hour),
      openedAt: new Date(now.getTime() - hour / 2),
    },
  });
  const answer = await db.answer.create({
    data: {
      shop,
      messageId: message.id,
      campaign: "abandoned_cart",
      questionKey: "cart_abandon_reason",
      value: "price",
      email,
      channel: "link",
      answeredAt: new Date(now.getTime() - hour / 2),
    },
  });
  await db.answerClick.create({
    data: {
      shop,
      messageId: message.id,
      questionKey: "cart_abandon_reason",
      value: "other",
      email,
      state: "provisional",
      flags: [],
      at: now,
    },
  });
  await db.conversion.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      journeyId: journey.id,
      orderId: `${marker}-order`,
      step: "reminder",
      amountCents: 5000,
      currency: "USD",
      orderedAt: now,
    },
  });
  const portalId = String(1000 + marker.length * 7 + marker.charCodeAt(0));
  await db.crmConnection.create({
    data: {
      shop,
      portalId,
      authType: "private_app",
      accessTokenEnc: `${marker}-not-a-real-token`,
      status: "connected",
    },
  });
  await db.crmWrite.create({
    data: {
      shop,
      email,
      property: "replyloop_cart_abandon_reason",
      value: "price",
      eventAt: answer.answeredAt,
      nextAttemptAt: new Date(now.getTime() + hour),
    },
  });
  const oauth = await db.oAuthState.create({
    data: { state: `${marker}-oauth-state`, shop, expiresAt: new Date(now.getTime() + hour) },
  });
  const digits = String(marker.length * 97 + marker.charCodeAt(0)).padStart(4, "0");
  const saved = await saveTwilioConnection(db, shop, {
    accountSid: `AC${digits.repeat(8)}`,
    authToken: digits.repeat(8),
    sender: `+1415555${digits}`,
  });
  if (!saved.ok) throw new Error(`seed: Twilio account refused ${JSON.stringify(saved.errors)}`);
  const phone = `+1415666${digits}`;
  const text = await db.smsMessage.create({
    data: {
      shop,
      campaign: "post_purchase",
      step: "survey",
      toPhone: phone,
      email,
      body: `${marker} text: reply 0-10`,
      transport: "outbox",
      status: "delivered",
      submittedAt: now,
    },
  });
  await db.smsReply.create({
    data: {
      shop,
      providerId: `SM${marker}`,
      fromPhone: phone,
      body: `${marker} reply`,
      outcome: "unparseable",
      reason: "not a score from 0 to 10",
      smsMessageId: text.id,
      email,
      receivedAt: now,
    },
  });
  return {
    shop,
    marker,
    email,
    portalId,
    journeyId: journey.id,
    scheduledSendId: scheduled.id,
    sentSendId: sent.id,
    messageId: message.id,
    answerId: answer.id,
    oauthState: oauth.state,
  };
}

export type AdminShop = Awaited<ReturnType<typeof seedAdminShop>>;
