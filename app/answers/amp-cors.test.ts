import { describe, expect, it } from "vitest";
import { ampCors } from "./amp-cors";

const endpoint = "https://app.example/amp/answer";
const req = (headers: Record<string, string>, url = endpoint) => ({ headers: new Headers(headers), url });

describe("AMP for Email CORS", () => {
  it("v2: allows our sender and names it back", () => {
    expect(
      ampCors(req({ "AMP-Email-Sender": "Hello@Replyloop.example" }), ["hello@replyloop.example"]),
    ).toEqual({
      ok: true,
      headers: { "AMP-Email-Allow-Sender": "Hello@Replyloop.example" },
    });
  });
  it("v2: refuses another sender", () => {
    expect(ampCors(req({ "AMP-Email-Sender": "spoof@evil.example" }), ["hello@replyloop.example"]).ok).toBe(
      false,
    );
  });
  it("v1: Origin and __amp_source_origin", () => {
    const result = ampCors(
      req({ Origin: "https://mail.google.com" }, `${endpoint}?__amp_source_origin=hello%40replyloop.example`),
      ["hello@replyloop.example"],
    );
    expect(result).toEqual({
      ok: true,
      headers: {
        "Access-Control-Allow-Origin": "https://mail.google.com",
        "Access-Control-Allow-Credentials": "true",
        "AMP-Access-Control-Allow-Source-Origin": "hello@replyloop.example",
        "Access-Control-Expose-Headers": "AMP-Access-Control-Allow-Source-Origin",
      },
    });
  });
  it("refuses a request that is not from a mail client", () => {
    expect(ampCors(req({}), ["hello@replyloop.example"]).ok).toBe(false);
  });
});
