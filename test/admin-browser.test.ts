// Issue 8 acceptance in headless Chromium against the built app, two seeded stores, a fake HubSpot
// and nothing beyond 127.0.0.1: the merchant's walk through the admin (helpers/admin-walkthrough.ts),
// checked in the database after each step. Screenshots: test-results/admin/.
import { fakeHubSpot } from "../fakes/local-hubspot";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentConfig } from "../app/agency/agency.server";
import { loadCampaign } from "../app/campaigns/config.server";
import db from "../app/db.server";
import { adminWalkthrough, sessionTokenAuth } from "./helpers/admin-walkthrough";
import { startBuiltApp } from "./helpers/app-server";
import { seedAdminShop } from "./helpers/admin-data";
import { launchBrowser, localContext, screenshots, skipWithoutChromium } from "./helpers/browser";
import { seedShop } from "./helpers/shopify";

const skip = skipWithoutChromium("admin-browser");
const STORE = "walk-store.myshopify.com";
const CLIENT = "walk-client.myshopify.com";
/** What the admin pages may try to fetch from outside: App Bridge and Polaris' fonts (aborted here). */
const KNOWN_CDN = /^https:\/\/cdn\.shopify\.com\/(shopifycloud\/app-bridge\.js|static\/fonts\/)/;

describe.skipIf(skip)("the merchant admin in Chromium", () => {
  let app: Awaited<ReturnType<typeof startBuiltApp>>;
  let browser: Browser;

  beforeAll(async () => {
    await seedShop(STORE, { name: "Walk Store" });
    await seedShop(CLIENT, { name: "Client Store" });
    app = await startBuiltApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fakeHubSpot.stop();
  });

  it("dashboard, campaign off/on, subject edit with live preview, save, HubSpot token, export and import", async () => {
    const seen: string[] = [];
    const result = await adminWalkthrough({
      browser,
      store: sessionTokenAuth(app.url, STORE),
      otherStore: sessionTokenAuth(app.url, CLIENT),
      hubspotToken: fakeHubSpot.addPortal("7170"),
      shots: screenshots("admin"),
      onStep: async (step) => {
        seen.push(step);
        if (step === "campaign toggled")
          expect((await loadCampaign(db, STORE, "abandoned_cart")).enabled).toBe(true);
        if (step === "campaign saved") {
          const campaign = await loadCampaign(db, STORE, "abandoned_cart");
          expect(campaign.settings.reminder.content).toEqual({
            subject: "Still there, {{ customer.first_name }}? Your cart misses you",
          });
          expect(campaign.settings.conditions).toEqual([{ field: "cart.total", op: "gte", value: 7500 }]);
        }
        if (step === "hubspot connected")
          expect(await db.crmConnection.findUnique({ where: { shop: STORE } })).toMatchObject({
            portalId: "7170",
            status: "connected",
          });
      },
    });
    expect(seen).toEqual([
      "dashboard",
      "campaign toggled",
      "campaign saved",
      "hubspot connected",
      "pages seen",
      "exported",
      "imported",
    ]);

    // The export is this store's configuration, and the other store now has it.
    expect(JSON.parse(result.exported)).toMatchObject({
      format: "replyloop-configuration",
      version: 1,
      source: "Walk Store",
    });
    expect(await currentConfig(db, CLIENT)).toEqual(await currentConfig(db, STORE));

    // Nothing left the machine except the admin's known CDN assets (aborted); no page was wider than 1,024 px.
    expect(result.blocked.filter((url) => !KNOWN_CDN.test(url))).toEqual([]);
    expect(result.blocked).toContainEqual(expect.stringContaining("/app-bridge.js")); // the recorder works
    expect(result.overflowing).toEqual([]);
    expect(result.pageErrors).toEqual([]);
  }, 120_000);

  it("draws the funnel and the NPS distribution (client-side charts) for a store with data", async () => {
    const shop = await seedAdminShop("charts-store.myshopify.com", "CHARTS");
    const message = await db.message.findUniqueOrThrow({ where: { id: shop.messageId } });
    for (const [i, score] of ["10", "9", "7", "3"].entries()) {
      await db.answer.create({
        data: {
          shop: shop.shop,
          messageId: `nps-${i}`,
          campaign: "post_purchase",
          questionKey: "nps",
          value: score,
          email: `n${i}@example.com`,
          channel: "link",
          answeredAt: message.createdAt,
        },
      });
    }
    const auth = sessionTokenAuth(app.url, shop.shop);
    const { context, blocked } = await localContext(browser, { requestHeaders: auth.requestHeaders });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(auth.pageUrl("/app"));
    await expect.poll(() => page.locator("#nps-score").textContent()).toBe("+25");
    await page.locator('[aria-label="Funnel: emails through to orders"] svg').first().waitFor();
    await page.locator('[aria-label="NPS answers per score"] svg').first().waitFor();
    await screenshots("admin")(page, "16-dashboard-with-data");
    expect(errors).toEqual([]);
    expect(blocked.filter((url) => !KNOWN_CDN.test(url))).toEqual([]);
    await context.close();
  });

  it("edits a follow-up question of the survey (its wording, key and choices) and saves it", async () => {
    const shop = "followup-store.myshopify.com";
    await seedShop(shop, { name: "Follow-up Store" });
    const auth = sessionTokenAuth(app.url, shop);
    const { context } = await localContext(browser, { requestHeaders: auth.requestHeaders });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(auth.pageUrl("/app/campaigns/post_purchase"));
    await page.waitForFunction(() => "__remixContext" in window && document.readyState === "complete");

    // The promoter follow-up: reworded, and a key another follow-up already uses is refused inline.
    const before = (await loadCampaign(db, shop, "post_purchase")).settings.questions[0]?.followUps ?? [];
    const otherKey = before[1]?.question.key ?? "";
    await page.locator("#question-0-followup-0-prompt").fill("What did you love most about your order?");
    await page.locator("#question-0-followup-0-key").fill(otherKey);
    await page.getByText(`The key “${otherKey}” is used twice`).first().waitFor();
    await page.locator("#question-0-followup-0-key").fill("nps_loved_most");
    await page.locator("#question-0-followup-0-choice-0-label").fill("The fit");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Post-purchase survey saved.").waitFor();
    // The survey's preview still shows its NPS question (follow-ups are asked after an answer).
    await page
      .frameLocator('iframe[title="HTML email preview"]')
      .getByText("How likely are you to recommend us to a friend?")
      .waitFor();
    await screenshots("admin")(page, "17-survey-follow-up-edited");

    const after = (await loadCampaign(db, shop, "post_purchase")).settings.questions[0]?.followUps ?? [];
    expect(after[0]?.values).toEqual(before[0]?.values);
    expect(after[0]?.question).toMatchObject({
      key: "nps_loved_most",
      prompt: "What did you love most about your order?",
    });
    expect(after[0]?.question.choices[0]?.label).toBe("The fit");
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(errors).toEqual([]);
    await context.close();
  });
});
