import { describe, expect, it } from "vitest";
import { toMime } from "./mime";

describe("toMime", () => {
  const message = {
    id: "abc_123",
    headers: {
      From: '"Café Zoë" <hello@replyloop.example>',
      To: "jane@example.com",
      Subject: "Votre panier vous attend ☕",
      "List-Unsubscribe": "<https://app.example/u/t>",
    },
    text: "Bonjour",
    amp: "<html ⚡4email></html>",
    html: "<p>Bonjour</p>",
    submittedAt: new Date("2026-11-20T10:00:00Z"),
    createdAt: new Date("2026-11-20T09:59:00Z"),
  };

  it("is a multipart/alternative message with text, AMP and HTML in that order", () => {
    const mime = toMime(message);
    const cut = mime.indexOf("\r\n\r\n");
    const head = mime.slice(0, cut);
    const body = mime.slice(cut + 4);
    expect(head).toContain('Content-Type: multipart/alternative; boundary="rl-abc123"');
    expect(head).toContain("Date: Fri, 20 Nov 2026 10:00:00 +0000");
    expect(head).toContain("Message-ID: <abc_123@replyloop.local>");
    expect(head).toContain("List-Unsubscribe: <https://app.example/u/t>");
    const types = [...body.matchAll(/Content-Type: ([^;]+);/g)].map((m) => m[1]);
    expect(types).toEqual(["text/plain", "text/x-amp-html", "text/html"]);
    expect(mime.trimEnd().endsWith("--rl-abc123--")).toBe(true);
    const html = body.split("--rl-abc123")[3]?.split("\r\n\r\n")[1] ?? "";
    expect(Buffer.from(html.replace(/\r\n/g, ""), "base64").toString()).toBe("<p>Bonjour</p>");
  });

  it("encodes non-ASCII header text (RFC 2047), keeping addresses readable", () => {
    const head = toMime(message).split("\r\n\r\n")[0] ?? "";
    expect(head).toContain(
      `Subject: =?UTF-8?B?${Buffer.from("Votre panier vous attend ☕").toString("base64")}?=`,
    );
    expect(head).toContain(
      `From: =?UTF-8?B?${Buffer.from("Café Zoë").toString("base64")}?= <hello@replyloop.example>`,
    );
    expect(head).toContain("To: jane@example.com");
  });

  it("omits the AMP part when there is none", () => {
    expect(toMime({ ...message, amp: null })).not.toContain("text/x-amp-html");
  });
});
