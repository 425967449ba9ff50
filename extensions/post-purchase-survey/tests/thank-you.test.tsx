// @vitest-environment jsdom
/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
// The survey block on the Thank-you page, rendered by Shopify's own extension tester (its typed
// `shopify` stand-in and jsdom), talking over real HTTP to a local stand-in of the app's endpoints.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getExtension } from "@shopify/ui-extensions-tester";
import { render } from "preact";
import { ANSWERS_PATH, SURVEY_PATH } from "../src/api";
import { FRENCH_SURVEY, startAppApi, type AppApi } from "./app-api";
import { buttons, click, heading, shown, waitForRequests } from "./dom";

const extension = getExtension("purchase.thank-you.block.render");
const realFetch = globalThis.fetch;
const ORDER = "gid://shopify/Order/820982911946154500";

let api: AppApi;
let warnings: string[];

beforeEach(async () => {
  api = await startAppApi(FRENCH_SURVEY);
  process.env.APP_URL = api.url;
  extension.setUp();
  extension.fetch = realFetch;
  extension.shopify.sessionToken.get = async () => api.token;
  extension.shopify.orderConfirmation.value = { order: { id: ORDER }, isFirstOrder: true };
  extension.shopify.localization.language.value = { isoCode: "fr" };
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.join(" ")));
});

afterEach(async () => {
  render(null, document.body);
  extension.tearDown();
  vi.restoreAllMocks();
  delete process.env.APP_URL;
  await api.close();
});

describe("Thank-you page survey", () => {
  it("asks the shop's NPS question in the buyer's language, fetched from the app with the session token", async () => {
    await extension.render();

    await vi.waitFor(() => expect(heading()).toBe(FRENCH_SURVEY.question.prompt));
    expect(buttons()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(shown()).toContain("Peu probable");
    expect(shown()).toContain("Très probable");

    const [request] = api.requests;
    expect(request?.path).toBe(SURVEY_PATH);
    expect(request?.authorization).toBe(`Bearer ${api.token}`);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({
      surface: "thank_you",
      orderId: ORDER,
      locale: "fr",
    });
  });

  it("records a score, asks the promoter follow-up, records that answer and thanks the buyer", async () => {
    await extension.render();
    await vi.waitFor(() => expect(buttons()).toContain("9"));

    click("9");
    await vi.waitFor(() => expect(heading()).toBe("Merci ! Qu'avez-vous le plus aimé ?"));
    expect(buttons()).toEqual(["La qualité des produits", "La livraison rapide"]);

    click("La livraison rapide");
    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));

    expect(api.answers).toEqual([
      expect.objectContaining({ surface: "thank_you", orderId: ORDER, questionKey: "nps", value: "9" }),
      expect.objectContaining({ orderId: ORDER, questionKey: "nps_loved", value: "delivery", locale: "fr" }),
    ]);
    const [first, second] = api.answers;
    expect(first?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
    const posts = api.requests.filter((r) => r.path === ANSWERS_PATH);
    expect(posts.map((r) => r.authorization)).toEqual([`Bearer ${api.token}`, `Bearer ${api.token}`]);
  });

  it.each([
    ["3", "Nous sommes désolés. Qu'est-ce qui n'a pas été ?"],
    ["7", "Que faudrait-il pour mériter un 10 ?"],
    ["10", "Merci ! Qu'avez-vous le plus aimé ?"],
  ])("after a score of %s asks the follow-up the merchant set for it", async (score, followUp) => {
    await extension.render();
    await vi.waitFor(() => expect(buttons()).toContain(score));

    click(score);

    await vi.waitFor(() => expect(heading()).toBe(followUp));
    expect(api.answers.map((a) => [a.questionKey, a.value])).toEqual([["nps", score]]);
  });

  it("goes straight to thanks after a score that has no follow-up", async () => {
    api.survey = { ...FRENCH_SURVEY, followUps: FRENCH_SURVEY.followUps.slice(0, 1) };
    await extension.render();
    await vi.waitFor(() => expect(buttons()).toContain("5"));

    click("5");

    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));
    expect(api.answers.map((a) => a.value)).toEqual(["5"]);
  });

  it.each(["campaign_off", "email_only", "not_for_this_order"])(
    "shows nothing when the app says %s",
    async (reason) => {
      api.survey = { show: false, reason };
      await extension.render();

      await waitForRequests(api, 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(document.body.innerHTML).toBe("");
      expect(api.requests).toHaveLength(1);
      // The app was reached and answered (a refused request would also show nothing).
      expect(api.requests[0]?.authorization).toBe(`Bearer ${api.token}`);
      expect(warnings).toEqual([]);
    },
  );

  it.each([
    [401, "the token is refused"],
    [500, "the app fails"],
  ])("shows nothing, and does not keep asking, when loading gets %i (%s)", async (status) => {
    api.failNext(SURVEY_PATH, status);
    await extension.render();

    await waitForRequests(api, 1);
    await vi.waitFor(() => expect(warnings.join("\n")).toContain(`not shown (${status}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe("");
    expect(api.requests).toHaveLength(1);
  });

  it("shows nothing when the token cannot be had from Shopify", async () => {
    extension.shopify.sessionToken.get = async () => Promise.reject(new Error("no session"));
    await extension.render();

    await vi.waitFor(() => expect(warnings.join("\n")).toContain("not shown (0 no session)"));
    expect(document.body.innerHTML).toBe("");
    expect(api.requests).toHaveLength(0);
  });

  it.each([401, 500])(
    "when saving a score gets %i, says so quietly and sends the same answer again on retry",
    async (status) => {
      await extension.render();
      await vi.waitFor(() => expect(buttons()).toContain("8"));
      api.failNext(ANSWERS_PATH, status);

      click("8");

      await vi.waitFor(() => expect(shown()).toContain("Votre réponse n'a pas pu être enregistrée."));
      expect(buttons()).toContain("Réessayer");
      expect(heading()).toBe(FRENCH_SURVEY.question.prompt);
      expect(api.answers).toEqual([]);

      click("Réessayer");

      await vi.waitFor(() => expect(heading()).toBe("Que faudrait-il pour mériter un 10 ?"));
      expect(shown()).not.toContain("Votre réponse n'a pas pu être enregistrée.");
      const attempts = api.requests.filter((r) => r.path === ANSWERS_PATH).map((r) => r.body);
      expect(attempts).toHaveLength(2);
      expect(attempts[1]).toEqual(attempts[0]);
      expect(api.answers.map((a) => [a.questionKey, a.value])).toEqual([["nps", "8"]]);
    },
  );

  it("a reload after answering everything shows the thanks, not the question again", async () => {
    await extension.render();
    await vi.waitFor(() => expect(buttons()).toContain("10"));
    click("10");
    await vi.waitFor(() => expect(buttons()).toContain("La qualité des produits"));
    click("La qualité des produits");
    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));

    render(null, document.body);
    await extension.render();

    await waitForRequests(api, 4);
    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));
    expect(buttons()).toEqual([]);
  });

  it("a reload after the score alone resumes at the follow-up", async () => {
    await extension.render();
    await vi.waitFor(() => expect(buttons()).toContain("2"));
    click("2");
    await vi.waitFor(() => expect(heading()).toBe("Nous sommes désolés. Qu'est-ce qui n'a pas été ?"));

    render(null, document.body);
    await extension.render();

    await waitForRequests(api, 3);
    await vi.waitFor(() => expect(heading()).toBe("Nous sommes désolés. Qu'est-ce qui n'a pas été ?"));
    expect(buttons()).toEqual(["Le produit", "Le service client"]);
  });
});
