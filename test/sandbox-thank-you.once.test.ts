// Issue 16: the Thank-you page survey in the sandbox, in headless Chromium, as a newcomer tries it:
// place an order, answer the survey block on its Thank-you page (the real extension bundle, framed
// from a `null` origin like on Shopify), and see the answer on the contact in the HubSpot view; then,
// in the default delivery mode (page then email), the buyer who answered on the page gets no survey
// email for that order while another buyer does. Nothing may leave 127.0.0.1.
// Screenshots: test-results/sandbox-thank-you/. Runs once (the sandbox is SQLite by design).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../sandbox/sandbox";
import { launchBrowser, localContext, screenshots, skipWithoutChromium } from "./helpers/browser";

const shot = screenshots("sandbox-thank-you");
const skip = skipWithoutChromium("sandbox Thank-you page test");

describe.skipIf(skip)("the Thank-you page in the sandbox", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let blocked: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-sandbox-thank-you-"));

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir, log: () => undefined });
    browser = await launchBrowser();
    const local = await localContext(browser, { viewport: { width: 1440, height: 1000 } });
    blocked = local.blocked;
    page = await local.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const block = () => page.frameLocator('iframe[title="Thank-you page block"]');
  const timeline = () => page.getByRole("list", { name: "Journey timeline" });
  const pending = () => page.getByRole("region", { name: "Scheduled sends" });

  /** The store's hour on the sandbox's clock, as the page shows it ("Sun 6 Dec, 23:38"). */
  async function storeHour() {
    const shown = (await page.locator("#now").textContent()) ?? "";
    const match = /(\d{2}):\d{2}$/.exec(shown.trim());
    if (!match?.[1]) throw new Error(`no time on the sandbox's clock: "${shown}"`);
    return Number(match[1]);
  }

  /**
   * Moves the sandbox's clock hour by hour into the store's daytime (08:00–19:59), as a person trying
   * it at night would: a week later is then daytime too, outside the quiet hours (21:00–08:00).
   */
  async function moveToDaytime() {
    await expect.poll(() => page.locator("#now").textContent(), { timeout: 15_000 }).toMatch(/\d{2}:\d{2}$/);
    for (let hour = await storeHour(); hour < 8 || hour >= 20; hour = await storeHour()) {
      await page.getByRole("button", { name: "+1 hour" }).click();
      await expect.poll(storeHour, { timeout: 15_000 }).not.toBe(hour);
    }
  }

  async function placeOrderFor(customer: string) {
    const value = await page.locator("#customer option", { hasText: customer }).getAttribute("value");
    if (!value) throw new Error(`no demo customer ${customer}`);
    await page.getByLabel("Customer").selectOption(value);
    await page.getByRole("button", { name: "Place an order" }).click();
  }

  it(
    "order → the survey on its Thank-you page → answer → the properties in HubSpot",
    { timeout: 60_000 },
    async () => {
      await page.goto(sandbox.url);
      await expect
        .poll(() => page.getByRole("heading", { name: "Thank-you page" }).isVisible(), { timeout: 15_000 })
        .toBe(true);
      await moveToDaytime();

      // Jane places an order; its Thank-you page shows with Replyloop's block asking the NPS question.
      await placeOrderFor("Jane Cooper");
      await expect
        .poll(() => page.getByText("Order #1001 is confirmed. Thank you, Jane!").isVisible(), {
          timeout: 15_000,
        })
        .toBe(true);
      const nps = block().getByRole("heading", { name: "How likely are you to recommend us to a friend?" });
      await nps.waitFor({ timeout: 15_000 });

      // A promoter's score, then the follow-up it calls for, then thanks.
      await block().getByRole("button", { name: "9", exact: true }).click();
      await block().getByRole("heading", { name: "Thank you! What did you love most?" }).waitFor();
      await block().getByRole("button", { name: "Product quality" }).click();
      await block().getByText("Thank you for your feedback!").waitFor();
      await shot(page, "thank-you-answered");

      // The write-behind queue flushes to the local HubSpot portal; the page shows Jane's contact.
      const properties = page.getByRole("list", { name: "Properties of jane.cooper@example.com" });
      for (const property of ["replyloop_last_nps_score: 9", "replyloop_q_nps_loved: product_quality"])
        await expect
          .poll(() => properties.getByRole("listitem", { name: property }).isVisible(), { timeout: 30_000 })
          .toBe(true);

      // The timeline says where each answer came from.
      await expect
        .poll(() => timeline().getByText("How likely are you to recommend us to a friend? → 9").textContent())
        .toContain("(Thank-you page, order #1001)");
      await shot(page, "hubspot-contact");
    },
  );

  it(
    "who answered on the Thank-you page gets no survey email for that order; others do",
    { timeout: 60_000 },
    async () => {
      // Marco orders too and does not answer. Both orders are fulfilled; the survey email is due a
      // week later (the default: after fulfilment, page then email).
      await placeOrderFor("Marco Rossi");
      await expect
        .poll(() => page.getByText("Order #1002 is confirmed. Thank you, Marco!").isVisible(), {
          timeout: 15_000,
        })
        .toBe(true);
      for (const order of ["#1001", "#1002"]) {
        const fulfil = page.getByRole("button", { name: `Fulfil ${order}` });
        await expect.poll(() => fulfil.isEnabled(), { timeout: 15_000 }).toBe(true);
        await fulfil.click();
        await expect.poll(() => fulfil.count(), { timeout: 15_000 }).toBe(0);
      }
      await expect
        .poll(() => timeline().getByText("answered the survey on the Thank-you page").isVisible(), {
          timeout: 15_000,
        })
        .toBe(true);
      // Only Marco's survey email is scheduled.
      await expect
        .poll(() => pending().textContent(), { timeout: 15_000 })
        .toContain("post_purchase / survey → marco.rossi@example.com");
      expect(await pending().textContent()).not.toContain("jane.cooper@example.com");

      await page.getByRole("button", { name: "+7 days" }).click();
      await expect
        .poll(() => page.getByRole("button", { name: "Open email: How was your order #1002?" }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      // Every send that was due has run, and none was about Jane's order.
      await expect.poll(() => pending().textContent(), { timeout: 15_000 }).toContain("Nothing scheduled.");
      await expect(
        page.getByRole("button", { name: /^Open email: How was your order #1001\?/ }).count(),
      ).resolves.toBe(0);
      await shot(page, "no-email-for-the-page-answer");
    },
  );

  it("never left 127.0.0.1", () => {
    expect(blocked).toEqual([]);
    expect(fs.existsSync(sandbox.networkLog) ? fs.readFileSync(sandbox.networkLog, "utf8") : "").toBe("");
  });
});
