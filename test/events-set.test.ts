// The event.process jobs a worker starts together are applied as one set (one transaction). What a
// merchant sees is what applying them one by one gives: every delivery report lands once; a report
// that cannot be applied fails only its own job, keeps its error and is retried, the others land; a
// customer redaction started beside that customer's next order is applied on its own, first, and
// erases that order's pending event as it would have alone. Delivery progress (plain SQL through the
// direct driver on its own) and an event of Prisma handlers share the Prisma transaction.
import { beforeEach, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { processEventJob } from "../app/events/jobs";
import { writeEvent } from "../app/intake/event-writer.server";
import { emailSender, jobs } from "../app/server/composition.server";
import { resetDatabase } from "./helpers/db";
import { outgoingFor } from "./helpers/email";
import { fixture } from "./helpers/fixtures";
import { seedShop, TEST_SHOP, webhookRequest } from "./helpers/shopify";
import { deliverWebhook } from "./helpers/webhooks";

const processing = jobs.find((job) => job.queue === processEventJob.queue);

/** What a worker does with the event.process jobs it fetched together: starts them all at once. */
async function startTogether(eventIds: string[]) {
  if (!processing) throw new Error("no event.process job");
  const outcomes = await Promise.allSettled(
    eventIds.map((eventId, i) => processing.run({ eventId }, { jobId: `job-${i}`, attempt: 1 })),
  );
  return outcomes.map((outcome) => outcome.status);
}

const pendingEvents = async () =>
  (
    await db.event.findMany({ where: { state: "pending" }, orderBy: { id: "asc" }, select: { id: true } })
  ).map((event) => event.id);

const engagements = () =>
  db.crmWrite.findMany({
    where: { shop: TEST_SHOP, property: "replyloop_email_engagement" },
    select: { email: true, value: true },
    orderBy: { email: "asc" },
  });

beforeEach(async () => {
  await resetDatabase();
  await seedShop(TEST_SHOP, { name: "Demo Store" });
});

describe("events applied together", () => {
  it("land as they would one by one; a report that cannot be applied fails alone and keeps its error", async () => {
    const addresses = ["ann", "bob", "cat", "dan", "eve"].map((name) => `${name}@example.com`);
    const messageIds: string[] = [];
    for (const [i, address] of addresses.entries()) {
      const email = outgoingFor("post_purchase_survey", { sendId: `set-${i}`, to: { email: address } });
      const outcome = await emailSender.send(email); // the outbox reports each one delivered
      if (outcome.status !== "sent") throw new Error(`not sent: ${outcome.status}`);
      messageIds.push(outcome.messageId);
    }
    // A report no handler can read (an outbox report without its message id), between them.
    await writeEvent({
      shop: TEST_SHOP,
      source: "outbox",
      topic: "delivered",
      dedupeKey: "no-message",
      payload: { event: "delivered", at: Date.parse("2026-12-01T10:00:00Z"), email: "zed@example.com" },
      email: "zed@example.com",
    });
    const events = await pendingEvents();
    expect(events).toHaveLength(6);

    const outcomes = await startTogether(events);
    expect(outcomes.filter((s) => s === "fulfilled")).toHaveLength(5);
    expect(outcomes.filter((s) => s === "rejected")).toHaveLength(1);
    const messages = await db.message.findMany({ where: { id: { in: messageIds } } });
    expect(messages.map((m) => m.status)).toEqual(Array(5).fill("delivered"));
    expect(messages.every((m) => m.deliveredAt instanceof Date)).toBe(true);
    expect(await engagements()).toEqual(addresses.map((email) => ({ email, value: "delivered" })));
    const failed = await db.event.findMany({ where: { state: "pending" } });
    expect(failed).toEqual([expect.objectContaining({ email: "zed@example.com" })]);
    expect(failed[0]?.error).toMatch(/messageId|invalid|Required/i);
    expect(await db.event.count({ where: { state: "processed" } })).toBe(5);

    // Started again (a retry of every job): the five change nothing, the bad one fails again.
    expect(await startTogether(events)).toEqual(
      events.map((id) => (id === failed[0]?.id ? "rejected" : "fulfilled")),
    );
    expect(await engagements()).toHaveLength(5);
  });

  it("delivery progress (plain SQL) and a bounce (Prisma) started together: one transaction, in the order received", async () => {
    const address = "mixed@example.com";
    const email = outgoingFor("post_purchase_survey", { sendId: "set-mixed", to: { email: address } });
    const outcome = await emailSender.send(email); // the outbox reports it delivered
    if (outcome.status !== "sent") throw new Error(`not sent: ${outcome.status}`);
    const bouncedAt = new Date(Date.parse("2026-12-01T10:05:00Z"));
    await writeEvent({
      shop: TEST_SHOP,
      source: "sendgrid",
      topic: "bounce",
      dedupeKey: "sg-bounce-mixed",
      payload: {
        sg_event_id: "sg-bounce-mixed",
        event: "bounce",
        type: "bounce",
        timestamp: bouncedAt.getTime() / 1000,
        email: address,
        rl_shop: TEST_SHOP,
        rl_message: outcome.messageId,
      },
      email: address,
    });
    const events = await pendingEvents();
    expect(events).toHaveLength(2);

    expect(await startTogether(events)).toEqual(["fulfilled", "fulfilled"]);
    const message = await db.message.findUniqueOrThrow({ where: { id: outcome.messageId } });
    expect(message).toMatchObject({ status: "bounced" });
    expect(message.deliveredAt).toBeInstanceOf(Date);
    expect(await db.suppression.findFirst({ where: { shop: TEST_SHOP, email: address } })).toMatchObject({
      reason: "bounced",
    });
    const writes = await db.crmWrite.findMany({
      where: { shop: TEST_SHOP, email: address, property: "replyloop_email_engagement" },
    });
    expect(writes.map((w) => w.value).sort()).toEqual(["bounced", "delivered"]);
    expect(writes.find((w) => w.value === "bounced")?.eventAt).toEqual(bouncedAt);
    expect(await db.event.count({ where: { state: "processed" } })).toBe(2);
  });

  it("a redaction is applied on its own, first: the customer's next order, received after it, is erased with the rest", async () => {
    const order = fixture<{ id: number; email: string; customer: { id: number } }>(
      "shopify/orders_create.json",
    );
    const redact = {
      ...fixture("shopify/customers_redact.json"),
      customer: { id: order.customer.id, email: order.email, phone: null },
      orders_to_redact: [],
    };
    const deliver = async (topic: string, body: object) =>
      expect(
        (
          await deliverWebhook(
            webhookRequest(`http://127.0.0.1:3000/webhooks/${topic}`, { topic, body, shop: TEST_SHOP }),
          )
        ).status,
      ).toBe(200);
    await deliver("customers/redact", redact);
    await deliver("orders/create", order);
    const events = await pendingEvents();
    expect(events).toHaveLength(2);

    expect(await startTogether(events)).toEqual(["fulfilled", "fulfilled"]);
    expect(await db.shopOrder.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await db.event.count({ where: { shop: TEST_SHOP, topic: "orders/create" } })).toBe(0);
    expect(await db.dataRequest.count({ where: { shop: TEST_SHOP, kind: "customer_redact" } })).toBe(1);
  });
});
