// Issue 3: the GDPR/CCPA webhooks. customers/redact leaves no row containing the customer's email
// or id; shop/redact leaves nothing of the shop; customers/data_request stores an export.
import { beforeEach, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { allRows, resetDatabase } from "./helpers/db";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { seedShop, webhookRequest } from "./helpers/shopify";
import { deliverWebhook } from "./helpers/webhooks";

const SHOP = "gdpr-store.myshopify.com";
const OTHER_SHOP = "neighbour-store.myshopify.com";
const CUSTOMER_ID = "777000111222";
const EMAIL = "erase.me@example.com";
const url = (path: string) => `http://127.0.0.1:3000/webhooks/${path}`;

/** One customer with data in every table that can hold customer data, in two shops. */
async function seedCustomerEverywhere(shop: string) {
  const at = new Date("2026-01-10T10:00:00Z");
  const consent = {
    ...fixture("shopify/customers_email_marketing_consent_update.json"),
    customer_id: Number(CUSTOMER_ID),
    email_address: EMAIL,
  };
  expect(
    (
      await deliverWebhook(
        webhookRequest(url("customers_email_marketing_consent/update"), {
          topic: "customers_email_marketing_consent/update",
          body: consent,
          shop,
        }),
      )
    ).status,
  ).toBe(200);
  await runJobs();
  const journey = await db.journey.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      subjectKey: `checkout-${shop}`,
      customerId: CUSTOMER_ID,
      email: EMAIL,
      context: { email: EMAIL },
      enteredAt: at,
    },
  });
  await db.scheduledSend.create({
    data: {
      shop,
      journeyId: journey.id,
      campaign: "abandoned_cart",
      step: "reminder",
      customerId: CUSTOMER_ID,
      email: EMAIL,
      runAt: at,
      idempotencyKey: `${journey.id}:reminder`,
    },
  });
  await db.decision.create({
    data: {
      shop,
      journeyId: journey.id,
      campaign: "abandoned_cart",
      customerId: CUSTOMER_ID,
      email: EMAIL,
      kind: "entered",
      at,
    },
  });
  const message = await db.message.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      step: "reminder",
      toEmail: EMAIL,
      fromAddr: "shop@example.com",
      subject: "Your cart",
      headers: {},
      html: `<p>Hi ${EMAIL}</p>`,
      text: "Hi",
      transport: "outbox",
    },
  });
  await db.answer.create({
    data: {
      shop,
      messageId: message.id,
      campaign: "abandoned_cart",
      questionKey: "cart_abandon_reason",
      value: "price",
      email: EMAIL,
      customerId: CUSTOMER_ID,
      channel: "link",
      answeredAt: at,
    },
  });
  await db.answerClick.create({
    data: {
      shop,
      messageId: message.id,
      questionKey: "cart_abandon_reason",
      value: "price",
      email: EMAIL,
      state: "confirmed",
      flags: [],
      at,
    },
  });
  await db.suppression.create({ data: { shop, email: EMAIL, reason: "unsubscribed" } });
  await db.crmWrite.create({
    data: {
      shop,
      email: EMAIL,
      property: "replyloop_cart_abandon_reason",
      value: "price",
      eventAt: at,
      nextAttemptAt: at,
    },
  });
  await db.crmContact.create({ data: { shop, portalId: "1", hubspotId: "501", email: EMAIL } });
  await db.conversion.create({
    data: {
      shop,
      campaign: "abandoned_cart",
      journeyId: journey.id,
      orderId: `order-${shop}`,
      step: "reminder",
      amountCents: 1000,
      currency: "USD",
      orderedAt: at,
    },
  });
}

describe("compliance webhooks", () => {
  beforeEach(async () => {
    await resetDatabase();
    await seedShop(SHOP);
    await seedShop(OTHER_SHOP);
    await seedCustomerEverywhere(SHOP);
    await seedCustomerEverywhere(OTHER_SHOP);
  });

  it("customers/data_request stores an export of everything held about the customer", async () => {
    const body = {
      ...fixture("shopify/customers_data_request.json"),
      customer: { id: Number(CUSTOMER_ID), email: EMAIL, phone: null },
    };
    expect(
      (
        await deliverWebhook(
          webhookRequest(url("customers/data_request"), {
            topic: "customers/data_request",
            body,
            shop: SHOP,
          }),
        )
      ).status,
    ).toBe(200);
    await runJobs();
    const request = await db.dataRequest.findFirstOrThrow({ where: { shop: SHOP, kind: "data_request" } });
    const exported = JSON.stringify(request.export);
    for (const expected of [EMAIL, CUSTOMER_ID, "cart_abandon_reason", "Your cart", "SUBSCRIBED"])
      expect(exported).toContain(expected);
    expect(request.export).toMatchObject({
      found: true,
      answers: [{ value: "price" }],
      suppressions: [{ reason: "unsubscribed" }],
    });
  });

  it("customers/redact leaves no row in the shop containing the customer's email or id, and keeps the other shop's", async () => {
    const body = {
      ...fixture("shopify/customers_redact.json"),
      customer: { id: Number(CUSTOMER_ID), email: EMAIL, phone: "555-625-1199" },
    };
    expect(
      (
        await deliverWebhook(
          webhookRequest(url("customers/redact"), { topic: "customers/redact", body, shop: SHOP }),
        )
      ).status,
    ).toBe(200);
    await runJobs();

    const leftovers = (await allRows()).filter(
      (r) => r.text.includes(SHOP) && (r.text.includes(EMAIL) || r.text.includes(CUSTOMER_ID)),
    );
    expect(leftovers).toEqual([]);
    const neighbour = (await allRows()).filter((r) => r.text.includes(OTHER_SHOP) && r.text.includes(EMAIL));
    expect(neighbour.length).toBeGreaterThanOrEqual(10);
    expect(await db.dataRequest.count({ where: { shop: SHOP, kind: "customer_redact" } })).toBe(1);
  });

  it("shop/redact leaves nothing of the shop", async () => {
    const body = { shop_id: 954889, shop_domain: SHOP };
    expect(
      (await deliverWebhook(webhookRequest(url("shop/redact"), { topic: "shop/redact", body, shop: SHOP })))
        .status,
    ).toBe(200);
    await runJobs();
    expect((await allRows()).filter((r) => r.text.includes(SHOP))).toEqual([]);
    expect((await allRows()).filter((r) => r.text.includes(OTHER_SHOP)).length).toBeGreaterThan(10);
  });
});
