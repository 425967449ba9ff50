// @vitest-environment jsdom
// The bundle `npm run build:extensions` writes, loaded as Shopify's host loads it: evaluated in a page
// whose `shopify` global collects each target's `shopify.extend()` call, then run. It was built with
// the local app stand-in's URL baked in, as a deploy bakes in the app's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getExtension } from "@shopify/ui-extensions-tester";
import { FRENCH_SURVEY, startAppApi, type AppApi } from "./app-api";
import { buttons, click, heading, shown } from "./dom";

const extension = getExtension("purchase.thank-you.block.render");
const realFetch = globalThis.fetch;
const root = path.resolve(import.meta.dirname, "../../..");
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-bundle-"));

let api: AppApi;

beforeEach(async () => {
  api = await startAppApi(FRENCH_SURVEY);
  extension.setUp();
  extension.fetch = realFetch;
  extension.shopify.sessionToken.get = async () => api.token;
  extension.shopify.orderConfirmation.value = { order: { id: "gid://shopify/Order/7" }, isFirstOrder: false };
  extension.shopify.localization.language.value = { isoCode: "fr" };
});

afterEach(async () => {
  document.body.innerHTML = "";
  extension.tearDown();
  await api.close();
  fs.rmSync(outdir, { recursive: true, force: true });
});

describe("the built bundle", () => {
  it("registers both targets and, on the Thank-you page, asks and records against the URL it was built with", async () => {
    execFileSync(
      process.execPath,
      ["scripts/extensions/build.ts", "--app-url", api.url, "--outdir", outdir],
      { cwd: root, env: { ...process.env, APP_URL: "" }, stdio: "pipe" },
    );
    const code = fs.readFileSync(path.join(outdir, "post-purchase-survey.js"), "utf8");

    const targets = new Map<string, () => unknown>();
    const extend = (target: string, run: () => unknown) => void targets.set(target, run);
    // The tester's `shopify`, plus the `extend` the host gives every extension.
    const host = new Proxy(extension.shopify, {
      get: (api, property, receiver): unknown =>
        property === "extend" ? extend : Reflect.get(api, property, receiver),
    });
    Reflect.set(globalThis, "shopify", host);
    vm.runInThisContext(code);

    expect([...targets.keys()]).toEqual([
      "purchase.thank-you.block.render",
      "customer-account.order-status.block.render",
    ]);
    await targets.get("purchase.thank-you.block.render")?.();

    await vi.waitFor(() => expect(heading()).toBe(FRENCH_SURVEY.question.prompt));
    click("10");
    await vi.waitFor(() => expect(buttons()).toContain("La livraison rapide"));
    click("La livraison rapide");
    await vi.waitFor(() => expect(shown()).toBe("Merci pour votre avis !"));
    expect(api.answers.map((a) => [a.questionKey, a.value])).toEqual([
      ["nps", "10"],
      ["nps_loved", "delivery"],
    ]);
  });
});
