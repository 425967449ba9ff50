// Issue 5, transports: one SendGrid request per send (checked by the fake SendGrid server), with
// List-Unsubscribe headers and only ids in custom_args; retries without duplicates; the outbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { recordSuppression } from "../app/customers/suppression.server";
import type { ComposeConfig } from "../app/email/compose";
import { renderPreview } from "../app/email/send.server";
import { dashboardFigures } from "../app/dashboard/metrics.server";
import { lastDays } from "../app/dashboard/range";
import { emailSender, emailTransport } from "../app/server/composition.server";
import { createEmailSender, SENDING_STALE_MS, TransientSendError } from "../app/email/sender.server";
import { createOutboxTransport } from "../app/email/outbox/transport.server";
import { createSendGridTransport } from "../app/email/sendgrid/transport.server";
import type { SubmitResult, Transport } from "../app/email/transport";
import { TEMPLATE_KEYS, type SendOutcome } from "../app/email/outgoing";
import { ManualClock, systemClock } from "../app/lib/clock";
import { startFakeSendGrid, type FakeSendGrid } from "../fakes/sendgrid-server";
import { getMessage, listMessages, messageAsEml } from "../app/email/messages.server";
import { outgoingFor } from "./helpers/email";
import { runJobs } from "./helpers/jobs";
import { seedShop, TEST_SHOP } from "./helpers/shopify";

const config: ComposeConfig = {
  baseUrl: "https://app.replyloop.example",
  signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
  fromAddress: "hello@replyloop.example",
  unsubscribeMailto: "unsubscribe@replyloop.example",
};
const noWait = async () => {};
/** The reason of a rejected outcome (any other outcome reads as such, so the assertion fails visibly). */
const reasonOf = (outcome: SendOutcome) =>
  outcome.status === "rejected" ? outcome.reason : `not rejected: ${outcome.status}`;

let fake: FakeSendGrid;
beforeAll(async () => {
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  fake = await startFakeSendGrid({ apiKey: "SG.test-key" });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const sendgrid = () =>
  createEmailSender({
    db,
    transport: createSendGridTransport({ apiKey: "SG.test-key", baseUrl: fake.url }),
    config,
    sleep: noWait,
  });

describe("SendGrid transport against the fake Mail Send API", () => {
  it("sends each email with exactly one request: ids in custom_args, campaign/step categories, List-Unsubscribe, AMP before HTML", async () => {
    const sender = sendgrid();
    const emails = TEMPLATE_KEYS.map((t) => outgoingFor(t));
    for (const email of emails) {
      const outcome = await sender.send(email);
      expect(outcome).toMatchObject({ status: "sent", transport: "sendgrid" });
    }
    expect(fake.requests).toHaveLength(emails.length);
    expect(fake.accepted()).toHaveLength(emails.length);

    for (const [i, email] of emails.entries()) {
      const request = fake.accepted()[i];
      if (!request) throw new Error("missing request");
      const message = await db.message.findUniqueOrThrow({ where: { sendId: email.sendId } });
      expect(message).toMatchObject({ status: "sent", transport: "sendgrid", providerId: request.messageId });

      const { mail } = request;
      expect(mail.personalizations).toHaveLength(1);
      expect(mail.personalizations[0]?.to).toEqual([{ email: email.to.email }]);
      expect(mail.personalizations[0]?.custom_args).toEqual({
        rl_shop: TEST_SHOP,
        rl_send: email.sendId,
        rl_message: message.id,
      });
      expect(mail.categories).toEqual([email.campaign, `${email.campaign}:${email.step}`]);
      // No personal data where SendGrid keeps it forever.
      const kept = JSON.stringify([
        mail.custom_args ?? {},
        mail.personalizations[0]?.custom_args,
        mail.categories,
      ]);
      for (const personal of [
        email.to.email,
        "@",
        email.data.customer.first_name ?? "",
        email.data.customer.last_name ?? "",
      ]) {
        expect(kept).not.toContain(personal);
      }
      // An email that asks nothing (the welcome follow-up) has no AMP part to answer in.
      const asks = email.questions.length > 0;
      expect(mail.content?.map((c) => c.type)).toEqual(
        asks ? ["text/plain", "text/x-amp-html", "text/html"] : ["text/plain", "text/html"],
      );
      expect(mail.content?.at(-1)?.value).toBe(message.html);
      expect(mail.from).toEqual({ email: config.fromAddress, name: "Demo Store" });
      if (email.marketing) {
        expect(mail.headers?.["List-Unsubscribe"]).toMatch(
          /^<https:\/\/app\.replyloop\.example\/u\/[^>]+>, <mailto:unsubscribe@replyloop\.example\?subject=unsubscribe>$/,
        );
        expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      } else {
        expect(mail.headers?.["List-Unsubscribe"]).toBeUndefined();
      }
      expect(request.headers.authorization).toBe("Bearer SG.test-key");
    }
  });

  it("a retried job sends nothing twice", async () => {
    const sender = sendgrid();
    const email = outgoingFor("abandoned_cart_1");
    const first = await sender.send(email);
    const again = await sender.send(email);
    const twin = await createEmailSender({
      db,
      transport: createSendGridTransport({ apiKey: "SG.test-key", baseUrl: fake.url }),
      config,
    }).send(email);
    expect(first.status).toBe("sent");
    const messageId = first.status === "sent" ? first.messageId : "";
    expect(again).toEqual({ status: "duplicate", messageId });
    expect(twin).toEqual({ status: "duplicate", messageId });
    expect(fake.requests).toHaveLength(1);
  });

  it("retries 429 and 5xx in process, then leaves the job to retry; never two accepted requests", async () => {
    const sender = sendgrid();
    const email = outgoingFor("abandoned_cart_2");
    fake.failNext(429, { retryAfterSeconds: 1 });
    expect(await sender.send(email)).toMatchObject({ status: "sent" });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 202]);

    fake.reset();
    const other = outgoingFor("abandoned_cart_2");
    fake.failNext(503, { times: 3 });
    await expect(sender.send(other)).rejects.toBeInstanceOf(TransientSendError);
    expect(await db.message.findUniqueOrThrow({ where: { sendId: other.sendId } })).toMatchObject({
      status: "queued",
    });
    // The job's next attempt submits the stored message (same content, same id).
    const retried = await sender.send(other);
    expect(retried).toMatchObject({ status: "sent" });
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 503, 202]);
    expect(fake.accepted()[0]?.mail.personalizations[0]?.custom_args?.rl_message).toBe(
      retried.status === "sent" ? retried.messageId : "",
    );
  });

  it("a refused message (wrong API key) is rejected, and not sent again", async () => {
    const sender = createEmailSender({
      db,
      transport: createSendGridTransport({ apiKey: "SG.wrong", baseUrl: fake.url }),
      config,
      sleep: noWait,
    });
    const email = outgoingFor("vip_welcome");
    expect(reasonOf(await sender.send(email))).toContain("401");
    expect(await sender.send(email)).toMatchObject({ status: "rejected" });
    expect(fake.requests).toHaveLength(1);
  });

  it("an unknown outcome (timeout) is resubmitted only after the earlier attempt is surely over", async () => {
    const clock = new ManualClock("2026-11-20T10:00:00Z");
    const calls: string[] = [];
    let answer: SubmitResult = { status: "retry", reason: "timeout", ambiguous: true };
    const flaky: Transport = {
      name: "sendgrid",
      async submit(s) {
        calls.push(s.messageId);
        return answer;
      },
    };
    const sender = createEmailSender({ db, transport: flaky, config, clock, sleep: noWait });
    const email = outgoingFor("abandoned_cart_1");
    await expect(sender.send(email)).rejects.toBeInstanceOf(TransientSendError);
    expect(await db.message.findUniqueOrThrow({ where: { sendId: email.sendId } })).toMatchObject({
      status: "sending",
    });
    clock.advance(30_000);
    await expect(sender.send(email)).rejects.toThrow(/in progress/);
    expect(calls).toHaveLength(1);
    clock.advance(SENDING_STALE_MS);
    answer = { status: "accepted", providerId: "sg-1" };
    expect(await sender.send(email)).toMatchObject({ status: "sent" });
    expect(calls).toHaveLength(2);
    expect(new Set(calls).size).toBe(1); // the same stored message, not a new one
  });

  it("a template error is a rejected outcome with the line, and nothing is stored or sent", async () => {
    const email = outgoingFor("abandoned_cart_1", { content: { heading: "{% if customer %}Welcome back" } });
    const outcome = await sendgrid().send(email);
    expect(reasonOf(outcome)).toMatch(
      /^Template error: Heading, line 1, column 1: tag \{% if customer %\} not closed/,
    );
    expect(await db.message.count({ where: { sendId: email.sendId } })).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  it("a retried job whose email went out before its template broke is that email, not a refusal", async () => {
    const email = outgoingFor("abandoned_cart_1");
    const first = await sendgrid().send(email);
    expect(first.status).toBe("sent");
    const broken = { ...email, content: { heading: "{% if customer %}Welcome back" } };
    expect(await sendgrid().send(broken)).toEqual({
      status: "duplicate",
      messageId: first.status === "sent" ? first.messageId : "",
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("a twin that finds the email still with the provider waits for it instead of calling it sent", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: Transport = {
      name: "sendgrid",
      async submit() {
        await held;
        return { status: "accepted", providerId: "sg-1" };
      },
    };
    const email = outgoingFor("abandoned_cart_1");
    const first = createEmailSender({ db, transport: slow, config }).send(email);
    await expect.poll(() => db.message.count({ where: { sendId: email.sendId } })).toBe(1);
    await expect(createEmailSender({ db, transport: slow, config }).send(email)).rejects.toThrow(
      TransientSendError,
    );
    release();
    expect(await first).toMatchObject({ status: "sent" });
    expect(await createEmailSender({ db, transport: slow, config }).send(email)).toMatchObject({
      status: "duplicate",
    });
  });

  it("does not send marketing email to a suppressed address", async () => {
    const email = outgoingFor("abandoned_cart_1");
    await recordSuppression(db, TEST_SHOP, "Blocked@Example.com", "unsubscribed", new Date());
    const outcome = await sendgrid().send({ ...email, to: { email: "blocked@example.com" } });
    expect(reasonOf(outcome)).toContain("suppressed");
    expect(fake.requests).toHaveLength(0);
    expect(await db.message.count({ where: { sendId: email.sendId } })).toBe(0);
    // An email that is not marketing (e.g. a survey the merchant's Flow asked for) still goes.
    const other = { ...email, sendId: `${email.sendId}-service`, marketing: false };
    expect(await sendgrid().send({ ...other, to: { email: "blocked@example.com" } })).toMatchObject({
      status: "sent",
    });
    expect(fake.requests).toHaveLength(1);
  });
});

describe("outbox transport", () => {
  it("is the default without SENDGRID_API_KEY", () => {
    expect(process.env.SENDGRID_API_KEY).toBeUndefined();
    expect(emailTransport.name).toBe("outbox");
  });

  it("stores the whole message — headers, text, AMP, HTML — as sent, once", async () => {
    const sender = createEmailSender({
      db,
      transport: createOutboxTransport({ clock: systemClock }),
      config,
    });
    const email = outgoingFor("abandoned_cart_2");
    const outcome = await sender.send(email);
    expect(outcome).toMatchObject({ status: "sent", transport: "outbox" });
    expect(await sender.send(email)).toMatchObject({ status: "duplicate" });
    const message = await db.message.findUniqueOrThrow({ where: { sendId: email.sendId } });
    expect(message).toMatchObject({
      transport: "outbox",
      status: "sent",
      toEmail: email.to.email,
      fromAddr: config.fromAddress,
    });
    expect(message.headers).toMatchObject({
      From: `"Demo Store" <${config.fromAddress}>`,
      To: email.to.email,
      Subject: message.subject,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(message.html).toContain("COMEBACK-7Q2K");
    expect(message.amp).toContain("<html ⚡4email");
    expect(message.text).toContain("COMEBACK-7Q2K");
    expect(message.questions).toEqual(email.questions);
    expect(fake.requests).toHaveLength(0);

    // What the sandbox and the admin show: the shop's list, the message, the .eml.
    expect((await listMessages(db, TEST_SHOP)).map((m) => m.id)).toContain(message.id);
    expect(await getMessage(db, "other-shop.myshopify.com", message.id)).toBeNull();
    const eml = await messageAsEml(db, TEST_SHOP, message.id);
    expect(eml).toContain("Content-Type: multipart/alternative");
    expect(eml).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });
});

describe("the outbox reports what SendGrid would", () => {
  it("delivered, through the event log: the message's status, the dashboard's funnel, the CRM engagement", async () => {
    const email = outgoingFor("post_purchase_survey");
    const outcome = await emailSender.send(email);
    expect(outcome).toMatchObject({ status: "sent", transport: "outbox" });
    const messageId = outcome.status === "sent" ? outcome.messageId : "";
    expect(await db.event.findMany({ where: { shop: TEST_SHOP, source: "outbox" } })).toEqual([
      expect.objectContaining({ topic: "delivered", state: "pending", email: email.to.email }),
    ]);

    await runJobs();
    const message = await db.message.findUniqueOrThrow({ where: { id: messageId } });
    expect(message.status).toBe("delivered");
    expect(message.deliveredAt).toBeInstanceOf(Date);
    const figures = await dashboardFigures(db, TEST_SHOP, lastDays(7, new Date(), "UTC"));
    expect(figures.campaigns.post_purchase.delivered).toBeGreaterThanOrEqual(1);
    expect(await db.crmWrite.findMany({ where: { shop: TEST_SHOP, email: email.to.email } })).toContainEqual(
      expect.objectContaining({ property: "replyloop_email_engagement", value: "delivered" }),
    );
    // Sending again is a duplicate: nothing more is reported.
    expect(await emailSender.send(email)).toMatchObject({ status: "duplicate" });
    expect(await db.event.count({ where: { shop: TEST_SHOP, source: "outbox" } })).toBe(1);
  });
});

describe("preview", () => {
  it("renders what would be sent, stores nothing", async () => {
    const email = outgoingFor("post_purchase_survey");
    const before = await db.message.count();
    const preview = await renderPreview(email);
    expect(preview).toMatchObject({ ok: true, subject: "How was your order #9999?" });
    if (preview.ok) expect(preview.html).toContain("How likely are you to recommend us to a friend?");
    expect(await db.message.count()).toBe(before);
    expect(
      await renderPreview(outgoingFor("vip_welcome", { content: { subject: "{{ x | nope }}" } })),
    ).toEqual({
      ok: false,
      reason: "Template error: Subject, line 1, column 1: undefined filter: nope",
    });
  });
});
