// The Twilio transport through the official helper library, against the local Twilio stand-in: what
// Twilio takes, what it refuses and how each refusal is classified, the signature both sides compute.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, twilioSignature, type FakeTwilio } from "../../../fakes/twilio-server";
import { verifyTwilioSignature } from "./signature.server";
import { createTwilioTransport } from "./transport.server";

let twilio: FakeTwilio;
const SHOP_NUMBER = "+15005550006";
const STOP_NUMBER = "+15005550010";

beforeAll(async () => {
  twilio = await startFakeTwilio();
});
afterAll(() => twilio.close());

const submission = (to: string, body = "Hi! How did we do? Reply 0–10.") => ({
  shop: "demo.myshopify.com",
  messageId: "msg-1",
  to,
  body,
  statusCallback: "http://127.0.0.1:3000/webhooks/twilio/status?shop=demo.myshopify.com",
});

describe("the Twilio transport", () => {
  it("sends a text from the shop's number: form-encoded, Basic auth, Twilio's Message SID back", async () => {
    const account = twilio.addAccount({ numbers: [SHOP_NUMBER] });
    const transport = createTwilioTransport(
      {
        accountSid: account.sid,
        authToken: account.authToken,
        fromNumber: SHOP_NUMBER,
        messagingServiceSid: null,
      },
      { baseUrl: twilio.url },
    );
    const result = await transport.submit(submission("+14155550123"));
    expect(result).toEqual({ status: "accepted", providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const sent = twilio.messages.at(-1)!;
    expect(sent).toMatchObject({
      from: SHOP_NUMBER,
      to: "+14155550123",
      body: "Hi! How did we do? Reply 0–10.",
      statusCallback: "http://127.0.0.1:3000/webhooks/twilio/status?shop=demo.myshopify.com",
    });
    expect(twilio.pendingCallbacks()).toBe(3); // queued, sent, delivered
  });

  it("sends through a Messaging Service when the shop has one", async () => {
    const service = "MG" + "a".repeat(32);
    const account = twilio.addAccount({
      numbers: [],
      services: [{ sid: service, numbers: ["+15005550007"] }],
    });
    const transport = createTwilioTransport(
      {
        accountSid: account.sid,
        authToken: account.authToken,
        fromNumber: null,
        messagingServiceSid: service,
      },
      { baseUrl: twilio.url },
    );
    expect((await transport.submit(submission("+14155550124"))).status).toBe("accepted");
    expect(twilio.messages.at(-1)).toMatchObject({ from: "+15005550007", messagingServiceSid: service });
  });

  it("is refused like Twilio refuses: an invalid To (21211), wrong credentials (20003), a number the account does not own (21606)", async () => {
    const account = twilio.addAccount({ numbers: [SHOP_NUMBER] });
    const good = { accountSid: account.sid, authToken: account.authToken, messagingServiceSid: null };
    const transport = createTwilioTransport({ ...good, fromNumber: SHOP_NUMBER }, { baseUrl: twilio.url });
    expect(await transport.submit(submission("555-555-5555"))).toEqual({
      status: "refused",
      reason: "Invalid 'To' Phone Number: 555-555-5555 (Twilio error 21211)",
      code: 21211,
    });
    const wrongToken = createTwilioTransport(
      { ...good, authToken: "0".repeat(32), fromNumber: SHOP_NUMBER },
      { baseUrl: twilio.url },
    );
    expect(await wrongToken.submit(submission("+14155550123"))).toMatchObject({
      status: "refused",
      code: 20003,
      credentials: true,
    });
    const notOurs = createTwilioTransport({ ...good, fromNumber: "+15005550009" }, { baseUrl: twilio.url });
    expect(await notOurs.submit(submission("+14155550123"))).toMatchObject({
      status: "refused",
      code: 21606,
      credentials: true,
    });
  });

  it("after the recipient's STOP, Twilio refuses every text to them (21610) until START", async () => {
    const account = twilio.addAccount({ numbers: [STOP_NUMBER] });
    twilio.setDeliver(async () => 200);
    twilio.setInboundUrl(account, STOP_NUMBER, "http://127.0.0.1:3000/webhooks/twilio/messages");
    const transport = createTwilioTransport(
      {
        accountSid: account.sid,
        authToken: account.authToken,
        fromNumber: STOP_NUMBER,
        messagingServiceSid: null,
      },
      { baseUrl: twilio.url },
    );
    await twilio.sendText({ from: "+14155550199", to: STOP_NUMBER, body: "stop" });
    expect(await transport.submit(submission("+14155550199"))).toMatchObject({
      status: "refused",
      code: 21610,
      optedOut: true,
    });
    await twilio.sendText({ from: "+14155550199", to: STOP_NUMBER, body: "START" });
    expect((await transport.submit(submission("+14155550199"))).status).toBe("accepted");
  });

  it("cannot reach Twilio: not sent, retried later", async () => {
    const transport = createTwilioTransport(
      {
        accountSid: "AC" + "0".repeat(32),
        authToken: "x",
        fromNumber: SHOP_NUMBER,
        messagingServiceSid: null,
      },
      { baseUrl: "http://127.0.0.1:9" },
    );
    expect(await transport.submit(submission("+14155550123"))).toMatchObject({
      status: "retry",
      ambiguous: false,
    });
  });
});

describe("X-Twilio-Signature", () => {
  it("matches Twilio's documented example, and the helper library accepts what the stand-in signs", () => {
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = {
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    };
    const signature = twilioSignature("12345", url, params);
    expect(signature).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(verifyTwilioSignature({ authToken: "12345", signature, url, params })).toBe(true);
    expect(
      verifyTwilioSignature({ authToken: "12345", signature, url, params: { ...params, Digits: "1235" } }),
    ).toBe(false);
    expect(verifyTwilioSignature({ authToken: "54321", signature, url, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken: "12345", signature: null, url, params })).toBe(false);
  });
});
