// The fake Admin API refuses a flowTriggerReceive that Shopify Flow refuses, the way Flow does: an
// unknown handle, a payload key that is not a field of the trigger, a value of the wrong type, a
// payload over 50,000 bytes — each one userError on ["body"] listing the problems (the form the
// Admin API answers with, captured from 2026-04). It reads the triggers from the app's own
// extensions/, and accepts what the app sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerTriggerPayload, ANSWER_TRIGGER_HANDLE } from "../app/flow/answer-payload";
import { readFlowTriggers } from "./flow-triggers";
import { ADMIN_API_VERSION, startFakeShopifyAdmin, type FakeShopifyAdmin } from "./shopify-admin-server";

const TOKEN = "shpat_flow_test";
let admin: FakeShopifyAdmin;
beforeAll(async () => {
  admin = await startFakeShopifyAdmin();
  admin.addShop({
    domain: "flow-fake.myshopify.com",
    accessToken: TOKEN,
    name: "Flow",
    email: "owner@flow-fake.example",
    currencyCode: "USD",
    ianaTimezone: "UTC",
    address: [],
  });
});
afterAll(() => admin.close());

const MUTATION = `mutation Trigger($handle: String, $payload: JSON) {
  flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } }
}`;

async function trigger(handle: string, payload: unknown) {
  const res = await fetch(`${admin.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
    body: JSON.stringify({ query: MUTATION, variables: { handle, payload } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { flowTriggerReceive: { userErrors: unknown[] } } };
  return body.data.flowTriggerReceive.userErrors;
}

const answer = { customerId: "115310627314723954", orderId: "820982911946154508", campaign: "post_purchase" };

describe("flowTriggerReceive on the fake Admin API", () => {
  it("knows the app's trigger from its toml: its handle and field keys", () => {
    expect(readFlowTriggers(`${import.meta.dirname}/../extensions`)).toEqual([
      {
        handle: ANSWER_TRIGGER_HANDLE,
        fields: [
          { key: "customer_id", type: "customer_reference" },
          { key: "order_id", type: "order_reference" },
          { key: "Question key", type: "single_line_text_field" },
          { key: "Answer value", type: "single_line_text_field" },
          { key: "NPS score", type: "number_decimal" },
          { key: "Campaign", type: "single_line_text_field" },
        ],
      },
    ]);
  });

  it("accepts what the app sends for an answer, and records it", async () => {
    const payload = answerTriggerPayload({ ...answer, questionKey: "nps", value: "9" });
    expect(await trigger(ANSWER_TRIGGER_HANDLE, payload)).toEqual([]);
    const follow = answerTriggerPayload({
      ...answer,
      customerId: "7012345678901",
      orderId: null,
      questionKey: "nps_loved",
      value: "price",
    });
    expect(await trigger(ANSWER_TRIGGER_HANDLE, follow)).toEqual([]);
    expect(admin.flowTriggers.map((t) => t.payload)).toEqual([payload, follow]);
    expect(follow).toEqual({
      customer_id: 7012345678901,
      "Question key": "nps_loved",
      "Answer value": "price",
      Campaign: "post_purchase",
    });
    expect(payload).toEqual({
      customer_id: "115310627314723954",
      order_id: "820982911946154508",
      "Question key": "nps",
      "Answer value": "9",
      "NPS score": 9,
      Campaign: "post_purchase",
    });
  });

  it("an unknown handle", async () => {
    expect(await trigger("replyloop-answer-recieved", { Campaign: "vip" })).toEqual([
      {
        field: ["body"],
        message: "Errors validating schema:\n  Invalid handle 'replyloop-answer-recieved'.\n",
      },
    ]);
  });

  it("a payload that does not match the trigger's fields: every problem, in one error", async () => {
    expect(
      await trigger(ANSWER_TRIGGER_HANDLE, {
        customer_id: "gid://shopify/Customer/1",
        "NPS score": "9",
        question_key: "nps",
        Campaign: "post_purchase",
      }),
    ).toEqual([
      {
        field: ["body"],
        message:
          "Errors validating schema:\n" +
          "  Type error for field 'customer_id': gid://shopify/Customer/1 is not a valid ID.\n" +
          "  Type error for field 'NPS score': 9 is not a number.\n" +
          "  Invalid field: 'question_key'.\n",
      },
    ]);
  });

  it("a payload over 50,000 bytes", async () => {
    const value = "x".repeat(50_000);
    expect(await trigger(ANSWER_TRIGGER_HANDLE, { "Answer value": value })).toEqual([
      {
        field: ["body"],
        message: "Errors validating schema:\n  Properties size exceeds the limit of 50000 bytes.\n",
      },
    ]);
    const fits = "x".repeat(50_000 - JSON.stringify({ "Answer value": "" }).length);
    expect(await trigger(ANSWER_TRIGGER_HANDLE, { "Answer value": fits })).toEqual([]);
  });
});
