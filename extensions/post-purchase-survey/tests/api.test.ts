// The contract's response checks and the client's failure handling, without a DOM.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchSurvey, parseSurveyResponse, postAnswer } from "../src/api";
import { FRENCH_SURVEY } from "./app-api";

const shown = { version: 1, ...FRENCH_SURVEY, answered: { nps: "9" } };

describe("parseSurveyResponse", () => {
  it("accepts the survey and a hidden survey as the app sends them", () => {
    expect(parseSurveyResponse(shown)).toEqual(shown);
    expect(parseSurveyResponse({ version: 1, show: false, reason: "campaign_off" })).toEqual({
      version: 1,
      show: false,
      reason: "campaign_off",
    });
  });

  it.each([
    ["not an object", "nope"],
    ["no version", { ...shown, version: undefined }],
    ["show missing", { ...shown, show: "yes" }],
    ["a scale past 10", { ...shown, question: { ...shown.question, max: 11 } }],
    ["a scale without a prompt", { ...shown, question: { ...shown.question, prompt: "" } }],
    [
      "a follow-up without choices",
      { ...shown, followUps: [{ values: ["9"], question: { key: "x", prompt: "p", choices: [] } }] },
    ],
    ["texts missing", { ...shown, texts: { thanks: "Merci" } }],
    ["a non-string answer", { ...shown, answered: { nps: 9 } }],
  ])("refuses %s with a message", (_, body) => {
    expect(parseSurveyResponse(body)).toEqual(expect.any(String));
  });
});

describe("the client", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(handler: http.RequestListener) {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("gives up on an app that never answers instead of waiting forever", async () => {
    const appUrl = await serve(() => {}); // accepts the request, never responds
    const started = performance.now();
    const result = await fetchSurvey(
      { appUrl, token: async () => "t", timeoutMs: 200 },
      { surface: "thank_you", orderId: "gid://shopify/Order/1", locale: "en" },
    );
    expect(result).toEqual({ ok: false, status: 0, message: expect.any(String) });
    expect(performance.now() - started).toBeLessThan(5_000);
    server?.closeAllConnections();
  });

  it("reports a survey the app sent in the wrong shape as a failure, not a crash", async () => {
    const appUrl = await serve((_, res) => res.end(JSON.stringify({ version: 1, show: true })));
    const result = await fetchSurvey(
      { appUrl, token: async () => "t" },
      { surface: "thank_you", orderId: "gid://shopify/Order/1", locale: "en" },
    );
    expect(result).toEqual({ ok: false, status: 200, message: "locale missing" });
  });

  it("reports a non-JSON error page as the status it came with", async () => {
    const appUrl = await serve((_, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end("<h1>Bad gateway</h1>");
    });
    const result = await postAnswer(
      { appUrl, token: async () => "t" },
      {
        surface: "thank_you",
        orderId: "gid://shopify/Order/1",
        questionKey: "nps",
        value: "9",
        idempotencyKey: "k",
        locale: "en",
      },
    );
    expect(result).toMatchObject({ ok: false, status: 502 });
  });
});
