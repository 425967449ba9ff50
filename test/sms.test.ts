// Issue 18 (SMS, two-way): a campaign step as a text through the shop's Twilio account (the local
// Twilio stand-in, which refuses what Twilio refuses and signs what it posts), SMS consent kept apart
// from email's, STOP and START honoured at once and written back to Shopify, replies read against
// the last open question and landing in HubSpot, the rest kept and shown with the reason, Twilio's
// webhooks verified and stored once, and the frequency cap and quiet hours counting texts too.
import { fakeTwilio } from "../fakes/local-twilio";
import { fakeHubSpot } from "../fakes/local-hubspot";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { exportConfig } from "../app/agency/agency.server";
import { saveCampaign } from "../app/campaigns/config.server";
import { customerTimeline } from "../app/campaigns/pending.server";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { HOUR, ManualClock, MINUTE } from "../app/lib/clock";
import { listSmsReplies, listTexts } from "../app/sms/admin.server";
import { disconnectTwilio, saveTwilioConnection, smsConnectionStatus } from "../app/sms/connection.server";
import { newSid, twilioSignature } from "../fakes/twilio-server";
import { campaignStore } from "./helpers/campaign-store";
import { deliverWebhook } from "./helpers/webhooks";
import { resetDatabase } from "./helpers/db";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";
import { fakeShopifyAdmin } from "./setup/fakes";

afterAll(() => Promise.all([fakeTwilio.close(), fakeHubSpot.stop()]));

const SHOP = "texting-store.myshopify.com";
const SHOP_NUMBER = "+15005550006";
const PORTAL = "7007";
const HUBSPOT_TOKEN = "pat-sms-test";
const JANE = { id: "6001", email: "jane@example.com", phone: "+14155550101" };
const BOB = { id: "6002", email: "bob@example.com", phone: "+14155550102" };
const clock = new ManualClock("2026-01-05T10:00:00Z"); // Monday 10:00 UTC: outside quiet hours
installClock(clock);
const store = campaignStore(SHOP, clock);
const account = fakeTwilio.addAccount({ numbers: [SHOP_NUMBER] });
const INBOUND_URL = `http://127.0.0.1:3000/webhooks/twilio/messages?shop=${SHOP}`;
fakeTwilio.setInboundUrl(account, SHOP_NUMBER, INBOUND_URL);
fakeHubSpot.addPortal(PORTAL, { token: HUBSPOT_TOKEN });

// Twilio's webhooks reach the app's own routes, in this process.
fakeTwilio.setDeliver(async (url, init) => {
  return (await deliverWebhook(new Request(url, { method: "POST", ...init }))).status;
});

type Who = { id: string; email: string; phone: string };

const smsConsent = (who: Who, state: string, phone: string = who.phone) =>
  store.deliver("customers_marketing_consent/update", {
    id: Number(who.id),
    phone,
    sms_marketing_consent: {
      state,
      opt_in_level: "single_opt_in",
      consent_updated_at: clock.now().toISOString(),
      consent_collected_from: "OTHER",
    },
  });

/** The post-purchase survey as a text (an hour after payment), asking the NPS question. */
const surveyByText = (text = "Hi {{ customer.first_name }}, thanks for order {{ order.name }}!") =>
  saveCampaign(db, SHOP, "post_purchase", {
    enabled: true,
    settings: { trigger: "paid", delayMinutes: 60, content: { sms: { mode: "sms", text } } },
  });

/** The phone texts the shop's number; then the worker processes what arrived. */
async function reply(who: Who, body: string, messageSid?: string) {
  const sent = await fakeTwilio.sendText({ from: who.phone, to: SHOP_NUMBER, body, messageSid });
  await runJobs();
  return sent;
}

const textsTo = (who: Who) => fakeTwilio.messages.filter((m) => m.to === who.phone);
const timeline = async (who: Who) =>
  (await customerTimeline(db, SHOP, { email: who.email }, { limit: 200 }))!.events.map((e) => [
    e.kind,
    e.reason,
  ]);

let orderId = 9000;
const pays = (who: Who) => store.order("orders/paid", who, ++orderId);

beforeEach(async () => {
  await resetDatabase();
  clock.set("2026-01-05T10:00:00Z");
  await seedShop(SHOP, {
    customers: [JANE, BOB].map((c) => ({
      id: c.id,
      email: c.email,
      numberOfOrders: 1,
      amountSpent: "50.00",
      currencyCode: "USD",
      tags: [],
      marketingState: "SUBSCRIBED",
      phone: c.phone,
      smsMarketingState: "SUBSCRIBED",
    })),
  });
  expect(
    await saveTwilioConnection(db, SHOP, {
      accountSid: account.sid,
      authToken: account.authToken,
      sender: SHOP_NUMBER,
    }),
  ).toEqual({ ok: true });
  fakeTwilio.reset();
  fakeShopifyAdmin.smsConsentUpdates.length = 0;
});

describe("consent", () => {
  it("keeps SMS consent apart from email consent: each topic changes its own, and a text-only campaign asks for SMS consent", async () => {
    await store.consent(JANE, "subscribed");
    await smsConsent(JANE, "not_subscribed");
    const jane = () =>
      db.customer.findFirstOrThrow({
        where: { shop: SHOP, shopifyId: JANE.id },
        select: { marketingState: true, smsMarketingState: true, phone: true },
      });
    expect(await jane()).toEqual({
      marketingState: "SUBSCRIBED",
      smsMarketingState: "NOT_SUBSCRIBED",
      phone: JANE.phone,
    });

    await surveyByText();
    await pays(JANE);
    expect(await timeline(JANE)).toContainEqual([
      "skipped",
      "not subscribed to SMS marketing (not_subscribed)",
    ]);

    await smsConsent(JANE, "subscribed");
    await store.consent(JANE, "unsubscribed");
    expect(await jane()).toEqual({
      marketingState: "UNSUBSCRIBED",
      smsMarketingState: "SUBSCRIBED",
      phone: JANE.phone,
    });
    await pays(JANE);
    await store.advance(HOUR);
    expect(textsTo(JANE)).toHaveLength(1);
  });
});

describe("a campaign step as a text", () => {
  it('texts the survey through the shop\'s Twilio number; the reply "3" answers it and lands in HubSpot', async () => {
    expect(await connectWithToken(db, { shop: SHOP, token: HUBSPOT_TOKEN })).toMatchObject({ ok: true });
    await runJobs();
    await smsConsent(JANE, "subscribed");
    await surveyByText();
    await pays(JANE);
    await store.advance(HOUR);

    const [text] = textsTo(JANE);
    expect(text).toMatchObject({ from: SHOP_NUMBER });
    expect(text!.body).toBe(
      `Hi John, thanks for order #9999!\nHow likely are you to recommend us to a friend? Reply 0–10 (0 = Not likely, 10 = Very likely).\nReply STOP to opt out.`,
    );
    const stored = await db.smsMessage.findFirstOrThrow({ where: { shop: SHOP } });
    expect(stored).toMatchObject({ toPhone: JANE.phone, transport: "twilio", providerId: text!.sid });

    await reply(JANE, "3");
    const answer = await db.answer.findFirstOrThrow({ where: { shop: SHOP } });
    expect(answer).toMatchObject({
      source: "sms",
      channel: "sms",
      messageId: stored.id,
      questionKey: "nps",
      value: "3",
      email: JANE.email,
      campaign: "post_purchase",
    });
    expect(await timeline(JANE)).toContainEqual([
      "answered",
      "How likely are you to recommend us to a friend? → 3",
    ]);
    await flushCrmWrites(db, { clock, lingerMs: 0 });
    expect(fakeHubSpot.contact(PORTAL, JANE.email)?.properties).toMatchObject({
      replyloop_last_nps_score: "3",
      replyloop_nps_category: "detractor",
    });
    expect(await listSmsReplies(db, SHOP, { limit: 10 })).toMatchObject([
      { body: "3", outcomeLabel: "Answer", reason: "How likely are you to recommend us to a friend? → 3" },
    ]);
  });

  it("a status callback moves the text's status (delivered), and an undelivered one says why", async () => {
    await smsConsent(JANE, "subscribed");
    await smsConsent(BOB, "subscribed");
    await surveyByText();
    fakeTwilio.setOutcome(BOB.phone, "undelivered");
    await pays(JANE);
    await pays(BOB);
    await store.advance(HOUR);
    const status = (who: Who) =>
      db.smsMessage.findFirstOrThrow({
        where: { shop: SHOP, toPhone: who.phone },
        select: { status: true, deliveredAt: true, error: true },
      });
    expect(await status(JANE)).toMatchObject({ status: "sent", deliveredAt: null });

    expect(await fakeTwilio.flushCallbacks()).toEqual([200, 200, 200, 200, 200, 200]);
    await runJobs();
    expect(await status(JANE)).toMatchObject({ status: "delivered", deliveredAt: expect.any(Date) });
    expect(await status(BOB)).toEqual({
      status: "undelivered",
      deliveredAt: null,
      error: "Not delivered: the phone is switched off or unreachable (Twilio error 30003)",
    });
  });

  it("refuses an invalid number the way Twilio does (21211), and the merchant sees it with what to do", async () => {
    await smsConsent(JANE, "subscribed", "555-555-0101");
    await surveyByText();
    await pays(JANE);
    await store.advance(HOUR);
    expect(textsTo(JANE)).toEqual([]);
    expect(fakeTwilio.requests.at(-1)).toMatchObject({ status: 400, code: 21211 });
    expect(await timeline(JANE)).toContainEqual([
      "failed",
      "survey: Invalid 'To' Phone Number: 5555550101 (Twilio error 21211)",
    ]);
    expect(await listTexts(db, SHOP, { limit: 10 })).toMatchObject([
      {
        toPhone: "5555550101",
        status: "rejected",
        error: "Invalid 'To' Phone Number: 5555550101 (Twilio error 21211)",
        whatToDo: expect.stringContaining("international form"),
      },
    ]);
  });

  it("without a Twilio account the text goes to the SMS outbox, which reports it delivered", async () => {
    await disconnectTwilio(db, SHOP);
    await smsConsent(JANE, "subscribed");
    await surveyByText();
    await pays(JANE);
    await store.advance(HOUR);
    expect(textsTo(JANE)).toEqual([]);
    expect(await db.smsMessage.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({
      transport: "outbox",
      status: "delivered",
      deliveredAt: clock.now(),
    });
    expect(await db.event.count({ where: { source: "sms_outbox", topic: "delivered" } })).toBe(1);
  });

  it("marks the Twilio connection broken when Twilio refuses the credentials", async () => {
    await saveTwilioConnection(db, SHOP, {
      accountSid: account.sid,
      authToken: "0".repeat(32),
      sender: SHOP_NUMBER,
    });
    await smsConsent(JANE, "subscribed");
    await surveyByText();
    await pays(JANE);
    await store.advance(HOUR);
    expect(await smsConnectionStatus(db, SHOP)).toMatchObject({
      status: "broken",
      statusReason: "Authenticate (Twilio error 20003)",
    });
  });
});

describe("the shop's Twilio account", () => {
  it("is stored encrypted and never leaves in an exported configuration; a text step's settings do", async () => {
    await surveyByText("Thanks {{ customer.first_name }}!");
    const row = await db.smsConnection.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.authTokenEnc).not.toContain(account.authToken);
    const file = JSON.stringify(await exportConfig(db, SHOP, clock.now()));
    expect(file).not.toContain(account.authToken);
    expect(file).not.toContain(account.sid);
    expect(file).not.toContain(SHOP_NUMBER);
    expect(file).toContain('"mode":"sms"');
    expect(file).toContain("Thanks {{ customer.first_name }}!");
  });
});

describe("STOP and START", () => {
  it("STOP: the next text step is skipped with the reason on the timeline and Shopify gets customerSmsMarketingConsentUpdate; START resumes", async () => {
    await store.consent(JANE, "subscribed");
    await smsConsent(JANE, "subscribed");
    // The abandoned-cart reminder by email, then by text an hour later.
    await saveCampaign(db, SHOP, "abandoned_cart", {
      enabled: true,
      settings: {
        reminder: { delayMinutes: 60, content: { sms: { mode: "email_then_sms", delayMinutes: 60 } } },
        discount: { enabled: false },
      },
    });
    await store.checkout(JANE, "tok-stop");
    await store.advance(HOUR);
    expect(await db.message.count({ where: { shop: SHOP, toEmail: JANE.email } })).toBe(1);

    await reply(JANE, "STOP");
    expect(await db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: JANE.id } })).toMatchObject({
      smsMarketingState: "UNSUBSCRIBED",
      marketingState: "SUBSCRIBED",
    });
    expect(fakeShopifyAdmin.smsConsentUpdates).toEqual([
      {
        shop: SHOP,
        customerId: `gid://shopify/Customer/${JANE.id}`,
        marketingState: "UNSUBSCRIBED",
      },
    ]);
    expect(await listSmsReplies(db, SHOP, { limit: 5 })).toMatchObject([
      { body: "STOP", outcomeLabel: "STOP", shopify: "written" },
    ]);

    await store.advance(HOUR);
    expect(textsTo(JANE)).toEqual([]);
    expect(await timeline(JANE)).toContainEqual([
      "skipped",
      "reminder_text: no text: not subscribed to SMS marketing (unsubscribed)",
    ]);
    // Twilio blocks the number too.
    expect(fakeTwilio.isOptedOut(SHOP_NUMBER, JANE.phone)).toBe(true);

    await reply(JANE, "START");
    expect(fakeShopifyAdmin.smsConsentUpdates.at(-1)).toMatchObject({
      marketingState: "SUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
    });
    clock.advance(2 * 24 * HOUR);
    await store.checkout(JANE, "tok-start");
    await store.advance(HOUR); // the email
    await store.advance(HOUR); // the text
    expect(textsTo(JANE)).toHaveLength(1);
  });

  it("a consent report dated before a STOP changes nothing; an undated one is applied", async () => {
    await smsConsent(JANE, "subscribed");
    clock.advance(HOUR);
    await reply(JANE, "STOP");
    const state = async () =>
      (await db.customer.findFirstOrThrow({ where: { shop: SHOP, shopifyId: JANE.id } })).smsMarketingState;
    const report = (consentUpdatedAt: string | null) =>
      store.deliver("customers_marketing_consent/update", {
        id: Number(JANE.id),
        phone: JANE.phone,
        sms_marketing_consent: {
          state: "subscribed",
          opt_in_level: "single_opt_in",
          consent_updated_at: consentUpdatedAt,
          consent_collected_from: "OTHER",
        },
      });
    // Shopify's report of the change an hour earlier, arriving after the STOP.
    await report(new Date(clock.now().getTime() - 30 * MINUTE).toISOString());
    expect(await state()).toBe("UNSUBSCRIBED");
    // A report that does not say when consent changed: the latest delivery wins.
    clock.advance(MINUTE);
    await report(null);
    expect(await state()).toBe("SUBSCRIBED");
  });

  it("a STOP from a number Shopify has no phone for is kept, and Shopify's refusal is shown", async () => {
    await smsConsent(JANE, "subscribed");
    // Shopify's copy of Jane has no phone: it refuses SMS consent for her.
    fakeShopifyAdmin.shopByDomain(SHOP)!.customers.get(`gid://shopify/Customer/${JANE.id}`)!.phone = null;
    await reply(JANE, "stop");
    const [stop] = await listSmsReplies(db, SHOP, { limit: 5 });
    expect(stop).toMatchObject({
      outcome: "opted_out",
      shopify: "refused",
      shopifyError: expect.stringContaining("A phone number is required to set the SMS consent state."),
    });
  });
});

describe("replies that are not answers", () => {
  it("keeps and shows a reply when no question is open for the number", async () => {
    await reply(JANE, "Is my order on its way?");
    expect(await db.answer.count()).toBe(0);
    expect(await listSmsReplies(db, SHOP, { limit: 5, notAnswers: true })).toMatchObject([
      {
        fromPhone: JANE.phone,
        body: "Is my order on its way?",
        outcomeLabel: "No open question",
        reason:
          "No question was open for this number: no text with a question reached it in the last 90 days.",
      },
    ]);
  });

  it("keeps and shows an unparseable reply, never guessing; a later exact one answers", async () => {
    await smsConsent(JANE, "subscribed");
    await surveyByText();
    await pays(JANE);
    await store.advance(HOUR);
    await reply(JANE, "pretty good, maybe 8 or 9");
    clock.advance(MINUTE); // a minute later (the list is newest first)
    await reply(JANE, "11");
    expect(await db.answer.count()).toBe(0);
    expect(await listSmsReplies(db, SHOP, { limit: 5, notAnswers: true })).toMatchObject([
      { body: "11", outcomeLabel: "Not an answer", reason: "11 is outside 0–10." },
      {
        body: "pretty good, maybe 8 or 9",
        reason: "“pretty good, maybe 8 or 9” is not a number from 0 to 10.",
      },
    ]);
    await reply(JANE, "9");
    expect(await db.answer.findMany({ select: { value: true } })).toEqual([{ value: "9" }]);
  });
});

describe("Twilio's webhooks", () => {
  const inbound = (params: Record<string, string>, signature: string) =>
    deliverWebhook(
      new Request(INBOUND_URL, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
        body: new URLSearchParams(params).toString(),
      }),
    );
  const params = () => ({
    AccountSid: account.sid,
    MessageSid: newSid("SM"),
    From: JANE.phone,
    To: SHOP_NUMBER,
    Body: "STOP",
  });

  it("a forged signature is a 401 and nothing is stored", async () => {
    const forged = params();
    const wrongKey = twilioSignature("f".repeat(32), INBOUND_URL, forged);
    expect((await inbound(forged, wrongKey)).status).toBe(401);
    const tampered = twilioSignature(account.authToken, INBOUND_URL, forged);
    expect((await inbound({ ...forged, Body: "START" }, tampered)).status).toBe(401);
    expect((await inbound(forged, "")).status).toBe(401);
    await runJobs();
    expect(await db.event.count({ where: { source: "twilio" } })).toBe(0);
    expect(await db.smsReply.count()).toBe(0);

    const signed = params();
    const res = await inbound(signed, twilioSignature(account.authToken, INBOUND_URL, signed));
    expect(res.status).toBe(200);
    expect(res.text).toContain("<Response></Response>");
    expect(res.headers?.["Content-Type"]).toBe("text/xml");
    await runJobs();
    expect(await db.event.count({ where: { source: "twilio" } })).toBe(1);
    expect(await db.smsReply.count()).toBe(1);
  });

  it("stores a duplicate delivery (same MessageSid) once", async () => {
    const sid = newSid("SM");
    expect((await reply(JANE, "hello?", sid)).status).toBe(200);
    expect((await reply(JANE, "hello?", sid)).status).toBe(200);
    expect(await db.event.count({ where: { source: "twilio", topic: "inbound" } })).toBe(1);
    expect(await db.smsReply.count()).toBe(1);
  });
});

describe("the frequency cap and quiet hours count texts too", () => {
  it("a text due within the cap after an email waits for the cap, then for the end of quiet hours", async () => {
    await store.consent(JANE, "subscribed");
    await smsConsent(JANE, "subscribed");
    await saveCampaign(db, SHOP, "abandoned_cart", {
      enabled: true,
      settings: { reminder: { delayMinutes: 60 }, discount: { enabled: false } },
    });
    await surveyByText();
    await store.checkout(JANE, "tok-cap");
    await store.advance(HOUR); // 11:00 the reminder email
    await pays(JANE);
    await store.advance(HOUR); // 12:00 the survey text is due: capped until 03:00, quiet until 08:00
    expect(textsTo(JANE)).toEqual([]);
    expect(await timeline(JANE)).toContainEqual([
      "postponed",
      "frequency cap (one marketing message per 16 hours), then quiet hours; now due 2026-01-06T08:00:00.000Z",
    ]);
    clock.set("2026-01-06T07:59:00Z");
    await store.advance(MINUTE);
    expect(textsTo(JANE)).toHaveLength(1);
  });
});
