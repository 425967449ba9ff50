// Issue 5, SendGrid events: signed Event Webhook posts (intake stores them under the shop in our
// custom_args) update the message, the contact's engagement and suppression. A bounce suppresses;
// the same event again changes nothing; Apple privacy opens are not opens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSuppressed } from "../app/customers/suppression.server";
import db from "../app/db.server";
import { applySendGridEvent } from "../app/email/delivery/handlers.server";
import { createEmailSender } from "../app/email/sender.server";
import { createSendGridTransport } from "../app/email/sendgrid/transport.server";
import {
  eventsFor,
  startFakeSendGrid,
  type FakeSendGrid,
  type SendGridEventKind,
} from "../fakes/sendgrid-server";
import { startBuiltApp } from "./helpers/app-server";
import { outgoingFor } from "./helpers/email";
import { runJobs } from "./helpers/jobs";
import { seedShop, TEST_SHOP } from "./helpers/shopify";
import { sendgridKeys } from "./helpers/signing";

const keys = sendgridKeys();
let app: Awaited<ReturnType<typeof startBuiltApp>>;
let fake: FakeSendGrid;

beforeAll(async () => {
  // The built app reads its configuration when it is loaded: the Event Webhook key first.
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = keys.publicKey;
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  fake = await startFakeSendGrid({ apiKey: "SG.events" });
  app = await startBuiltApp();
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

/** Sends one email through SendGrid (the fake) and returns the message and the accepted request. */
async function sentEmail(to = "jane@example.com") {
  const sender = createEmailSender({
    db,
    transport: createSendGridTransport({ apiKey: "SG.events", baseUrl: fake.url }),
    config: {
      baseUrl: "https://app.replyloop.example",
      signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
      fromAddress: "hello@replyloop.localhost",
    },
  });
  const outcome = await sender.send(outgoingFor("abandoned_cart_1", { to: { email: to } }));
  if (outcome.status !== "sent") throw new Error("not sent");
  const accepted = fake
    .accepted()
    .find((r) => r.mail.personalizations[0]?.custom_args?.rl_message === outcome.messageId);
  if (!accepted) throw new Error("SendGrid got nothing");
  return { messageId: outcome.messageId, accepted };
}

async function post(events: Record<string, unknown>[]) {
  const body = JSON.stringify(events);
  const res = await fetch(`${app.url}/webhooks/sendgrid`, { method: "POST", headers: keys.sign(body), body });
  expect(res.status).toBe(200);
  await runJobs();
}

async function snapshot(messageId: string) {
  const [message, suppressions, crmWrites, decisions, events, sends] = await Promise.all([
    db.message.findUniqueOrThrow({ where: { id: messageId } }),
    db.suppression.findMany({ orderBy: { id: "asc" } }),
    db.crmWrite.count(),
    db.decision.count(),
    db.event.count(),
    db.scheduledSend.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { message, suppressions, crmWrites, decisions, events, sends };
}

const engagementOf = async (email: string) =>
  (
    await db.crmWrite.findMany({
      where: { shop: TEST_SHOP, email, property: "replyloop_email_engagement" },
      orderBy: { createdAt: "asc" },
    })
  ).map((w) => w.value);

describe("SendGrid events", () => {
  it("a signed bounce suppresses the address and cancels its pending sends; the same event again changes nothing", async () => {
    const to = "bounces@example.com";
    const { messageId, accepted } = await sentEmail(to);
    const pending = await db.scheduledSend.create({
      data: {
        shop: TEST_SHOP,
        journeyId: "j-bounce",
        campaign: "abandoned_cart",
        step: "email_2",
        email: to,
        runAt: new Date(Date.now() + 86_400_000),
        idempotencyKey: "bounce-2",
      },
    });
    const bounce = eventsFor(accepted, "bounce");
    expect(bounce[0]).toMatchObject({ rl_shop: TEST_SHOP, rl_message: messageId });

    await post(bounce);
    expect(await isSuppressed(db, TEST_SHOP, to)).toBe(true);
    expect(await db.suppression.findFirst({ where: { shop: TEST_SHOP, email: to } })).toMatchObject({
      reason: "bounced",
    });
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      state: "cancelled",
      reason: "suppressed: bounced",
    });
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      status: "bounced",
    });
    expect(await engagementOf(to)).toEqual(["bounced"]);

    const before = await snapshot(messageId);
    await post(bounce); // SendGrid retries a delivery: deduplicated by sg_event_id
    expect(await snapshot(messageId)).toEqual(before);

    // Even processing the stored event twice (a job retried after a crash) changes nothing.
    const stored = await db.event.findFirstOrThrow({
      where: { shop: TEST_SHOP, source: "sendgrid", topic: "bounce" },
    });
    await db.$transaction((tx) => applySendGridEvent(tx, stored));
    expect(await snapshot(messageId)).toEqual(before);
  });

  it("delivered, a machine open, a real open and a click: status, timestamps and engagement, each once", async () => {
    const to = "engaged@example.com";
    const { messageId, accepted } = await sentEmail(to);
    const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, s));
    const event = (kind: SendGridEventKind, s: number, extra = {}) => eventsFor(accepted, kind, extra, at(s));

    await post([...event("processed", 0), ...event("delivered", 1)]);
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      status: "delivered",
      deliveredAt: at(1),
      openedAt: null,
    });

    await post(event("open", 2, { sg_machine_open: true }));
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      status: "delivered",
      openedAt: null,
    });

    await post([
      ...event("open", 3),
      ...event("open", 4),
      ...event("click", 5, { url: "https://demo-store.example" }),
    ]);
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      status: "clicked",
      openedAt: at(3),
      clickedAt: at(5),
    });
    expect(await engagementOf(to)).toEqual(["delivered", "opened", "clicked"]);
    expect(await isSuppressed(db, TEST_SHOP, to)).toBe(false);
  });

  it.each([
    ["spamreport", {}, "spam_report"],
    ["unsubscribe", {}, "unsubscribed"],
    ["group_unsubscribe", { asm_group_id: 1 }, "unsubscribed"],
    ["dropped", { reason: "Invalid" }, "dropped"],
  ] as const)("%s suppresses (%s)", async (kind, extra, reason) => {
    const to = `${kind}@example.com`;
    const { accepted } = await sentEmail(to);
    await post(eventsFor(accepted, kind, extra));
    expect(await db.suppression.findFirst({ where: { shop: TEST_SHOP, email: to } })).toMatchObject({
      reason,
    });
  });

  it("a temporary (blocked) bounce does not suppress", async () => {
    const to = "blocked@example.com";
    const { messageId, accepted } = await sentEmail(to);
    await post(eventsFor(accepted, "bounce", { type: "blocked" }));
    expect(await isSuppressed(db, TEST_SHOP, to)).toBe(false);
    expect(await db.message.findUniqueOrThrow({ where: { id: messageId } })).toMatchObject({
      status: "blocked",
    });
  });
});
