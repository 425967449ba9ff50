// @vitest-environment jsdom
/// <reference types="@shopify/ui-extensions/customer-account.order-status.block.render" />
// The same survey on the Order status page: the order comes from `shopify.order`, the answers are
// recorded as coming from the Order status page.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getExtension } from "@shopify/ui-extensions-tester";
import { render } from "preact";
import { SURVEY_PATH } from "../src/api";
import { FRENCH_SURVEY, startAppApi, type AppApi } from "./app-api";
import { buttons, click, heading, shown } from "./dom";

const extension = getExtension("customer-account.order-status.block.render");
const realFetch = globalThis.fetch;
const ORDER = "gid://shopify/Order/450789469";

let api: AppApi;

beforeEach(async () => {
  api = await startAppApi({ ...FRENCH_SURVEY, locale: "de" });
  process.env.APP_URL = api.url;
  extension.setUp();
  extension.fetch = realFetch;
  extension.shopify.sessionToken.get = async () => api.token;
  extension.shopify.order.value = { id: ORDER, name: "#1001" };
  extension.shopify.localization.language.value = { isoCode: "de-CH" };
});

afterEach(async () => {
  render(null, document.body);
  extension.tearDown();
  delete process.env.APP_URL;
  await api.close();
});

describe("Order status page survey", () => {
  it("asks about this order and records the answers as coming from the Order status page", async () => {
    await extension.render();
    await vi.waitFor(() => expect(heading()).toBe(FRENCH_SURVEY.question.prompt));
    expect(Object.fromEntries(api.requests[0]?.query ?? [])).toEqual({
      surface: "order_status",
      orderId: ORDER,
      locale: "de-CH",
    });

    click("6");
    await vi.waitFor(() => expect(buttons()).toContain("Le service client"));
    click("Le service client");
    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));

    expect(api.answers).toEqual([
      expect.objectContaining({ surface: "order_status", orderId: ORDER, questionKey: "nps", value: "6" }),
      expect.objectContaining({ surface: "order_status", questionKey: "nps_went_wrong", value: "service" }),
    ]);
    expect(api.answers.every((a) => a.locale === "de-CH")).toBe(true);
  });

  it("shows nothing and asks nothing when the page has no order", async () => {
    extension.shopify.order.value = undefined;
    await extension.render();

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.body.innerHTML).toBe("");
    expect(api.requests.filter((r) => r.path === SURVEY_PATH)).toEqual([]);
  });
});
