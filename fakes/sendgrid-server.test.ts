import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventsFor, MAX_CUSTOM_ARGS_BYTES, startFakeSendGrid, type FakeSendGrid } from "./sendgrid-server";

let fake: FakeSendGrid;
beforeAll(async () => {
  fake = await startFakeSendGrid({ apiKey: "SG.test" });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const valid = () => ({
  personalizations: [
    { to: [{ email: "jane@example.com" }], custom_args: { rl_shop: "demo.myshopify.com", rl_message: "m1" } },
  ],
  from: { email: "hello@replyloop.example", name: "Demo" },
  subject: "Hi",
  content: [
    { type: "text/plain", value: "Hi" },
    { type: "text/x-amp-html", value: "<html ⚡4email></html>" },
    { type: "text/html", value: "<p>Hi</p>" },
  ],
  headers: { "List-Unsubscribe": "<https://app.example/u/t>" },
  categories: ["abandoned_cart", "abandoned_cart:email_1"],
});

const post = (body: unknown, key = "SG.test") =>
  fetch(`${fake.url}/v3/mail/send`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("fake SendGrid Mail Send v3", () => {
  it("accepts a valid request with 202 and an X-Message-Id, and records it", async () => {
    const res = await post(valid());
    expect(res.status).toBe(202);
    const id = res.headers.get("x-message-id");
    expect(id).toBeTruthy();
    expect(fake.accepted()).toHaveLength(1);
    expect(fake.accepted()[0]?.messageId).toBe(id);
    expect(fake.accepted()[0]?.mail.subject).toBe("Hi");
  });

  it("refuses a wrong API key with 401", async () => {
    expect((await post(valid(), "SG.other")).status).toBe(401);
    expect(fake.accepted()).toHaveLength(0);
  });

  it.each([
    ["no personalizations", (b: ReturnType<typeof valid>) => ({ ...b, personalizations: [] })],
    ["no from", (b: ReturnType<typeof valid>) => ({ ...b, from: undefined })],
    [
      "an invalid recipient",
      (b: ReturnType<typeof valid>) => ({ ...b, personalizations: [{ to: [{ email: "not-an-address" }] }] }),
    ],
    ["no subject", (b: ReturnType<typeof valid>) => ({ ...b, subject: undefined })],
    [
      "HTML before AMP",
      (b: ReturnType<typeof valid>) => ({ ...b, content: [b.content[0], b.content[2], b.content[1]] }),
    ],
    [
      "text/plain not first",
      (b: ReturnType<typeof valid>) => ({ ...b, content: [b.content[2], b.content[0]] }),
    ],
    [
      "an empty content value",
      (b: ReturnType<typeof valid>) => ({ ...b, content: [{ type: "text/plain", value: "" }] }),
    ],
    [
      "custom_args over 10,000 bytes",
      (b: ReturnType<typeof valid>) => ({ ...b, custom_args: { big: "x".repeat(MAX_CUSTOM_ARGS_BYTES) } }),
    ],
    ["a reserved header", (b: ReturnType<typeof valid>) => ({ ...b, headers: { From: "x@example.com" } })],
    [
      "11 categories",
      (b: ReturnType<typeof valid>) => ({ ...b, categories: Array.from({ length: 11 }, (_, i) => `c${i}`) }),
    ],
    ["an unknown field", (b: ReturnType<typeof valid>) => ({ ...b, colour: "red" })],
  ])("refuses %s with 400", async (_, mutate) => {
    const res = await post(mutate(valid()));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors.length).toBeGreaterThan(0);
    expect(fake.accepted()).toHaveLength(0);
  });

  it("fails on request, then accepts again", async () => {
    fake.failNext(429, { retryAfterSeconds: 2 });
    const limited = await post(valid());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    fake.failNext(503);
    expect((await post(valid())).status).toBe(503);
    expect((await post(valid())).status).toBe(202);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 503, 202]);
  });

  it("makes Event Webhook events carrying the message's custom_args", async () => {
    await post(valid());
    const [accepted] = fake.accepted();
    if (!accepted) throw new Error("not accepted");
    const [bounce] = eventsFor(accepted, "bounce");
    expect(bounce).toMatchObject({
      event: "bounce",
      type: "bounce",
      email: "jane@example.com",
      rl_shop: "demo.myshopify.com",
      rl_message: "m1",
    });
    expect(typeof bounce?.sg_event_id).toBe("string");
  });
});
