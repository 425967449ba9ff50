import { describe, expect, it } from "vitest";
import { classifySendGridError, mailData } from "./transport.server";

const responseError = (code: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error("ResponseError"), { code, response: { headers, body: "" } });
const networkError = (code: string) => Object.assign(new Error(code), { code });

describe("classifySendGridError", () => {
  it("429 and 5xx: not taken, try again (with SendGrid's Retry-After)", () => {
    expect(classifySendGridError(responseError(429, { "retry-after": "3" }))).toEqual({
      status: "retry",
      reason: "SendGrid 429 (rate limited)",
      ambiguous: false,
      retryAfterMs: 3000,
    });
    expect(classifySendGridError(responseError(503))).toMatchObject({ status: "retry", ambiguous: false });
  });
  it("other 4xx: refused for good", () => {
    expect(classifySendGridError(responseError(400))).toEqual({
      status: "refused",
      reason: "SendGrid refused the message (400)",
    });
    expect(classifySendGridError(responseError(401)).status).toBe("refused");
  });
  it("a connection that never opened is safe to retry; a timeout or reset may have been received", () => {
    expect(classifySendGridError(networkError("ECONNREFUSED"))).toMatchObject({
      status: "retry",
      ambiguous: false,
    });
    expect(classifySendGridError(networkError("ECONNRESET"))).toMatchObject({
      status: "retry",
      ambiguous: true,
    });
    expect(classifySendGridError(networkError("ECONNABORTED"))).toMatchObject({
      status: "retry",
      ambiguous: true,
    });
    expect(classifySendGridError("something odd")).toMatchObject({ status: "retry", ambiguous: true });
  });
});

describe("mailData", () => {
  const submission = {
    shop: "demo.myshopify.com",
    sendId: "send_1",
    messageId: "msg_1",
    campaign: "vip",
    step: "welcome",
    from: { email: "hello@replyloop.example", name: "Demo" },
    replyTo: null,
    to: "jane@example.com",
    subject: "Hi",
    text: "t",
    amp: null,
    html: "<p>h</p>",
    headers: {},
  };
  it("without an AMP part: text then HTML", () => {
    expect(mailData(submission).content?.map((c) => c.type)).toEqual(["text/plain", "text/html"]);
  });
  it("AMP between text and HTML", () => {
    expect(mailData({ ...submission, amp: "<html ⚡4email>" }).content?.map((c) => c.type)).toEqual([
      "text/plain",
      "text/x-amp-html",
      "text/html",
    ]);
  });
});
