// Issue 18: the sandbox's phone, as a newcomer uses it in headless Chromium: send the post-purchase
// survey as a text, order, ship, move the clock a week, read the text on Jane's phone, reply "9"
// from it — the score shows on her contact in the HubSpot view — then STOP, which Twilio and
// Shopify both honour. Nothing may leave 127.0.0.1. Screenshots: test-results/sandbox-phone/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_TWILIO } from "../sandbox/catalog";
import { SandboxClient } from "../sandbox/client";
import { startSandbox, type Sandbox } from "../sandbox/sandbox";
import { BROWSER_UA } from "./helpers/shopify";

const CHROMIUM = "/usr/bin/chromium";
const skip = !fs.existsSync(CHROMIUM) && !process.env.CI;
const shots = path.resolve(import.meta.dirname, "../test-results/sandbox-phone");
const jane = DEMO_CUSTOMERS.find((c) => c.firstName === "Jane")!;

describe.skipIf(skip)("the sandbox's phone, in a browser", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  const offMachine: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-sandbox-phone-"));

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir, log: () => undefined });
    // Texts wait out quiet hours: start the story in the shop's morning, as the demo does.
    await new SandboxClient(sandbox.appUrl).advanceToLocalHour(10);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const context = await browser.newContext({
      userAgent: BROWSER_UA,
      viewport: { width: 1440, height: 1000 },
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "about:")
        return route.continue();
      offMachine.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    fs.mkdirSync(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    "a survey by text, answered from the phone, reaches HubSpot; STOP is honoured",
    { timeout: 60_000 },
    async () => {
      await page.goto(sandbox.url);
      const phone = page.getByRole("region", { name: "Phone" });
      await expect
        .poll(() => phone.getByText(`Texts from the shop's number ${DEMO_TWILIO.number}`).isVisible())
        .toBe(true);
      expect(await phone.getByLabel("Whose phone").inputValue()).toBe(jane.id);
      const texts = phone.getByRole("log", { name: "Texts" });
      await expect.poll(() => texts.getByText("No texts yet.").isVisible()).toBe(true);

      await page.getByLabel("Post-purchase survey goes as").selectOption("sms");
      await expect
        .poll(() => page.getByText("The post-purchase survey now goes as: sms.").isVisible(), {
          timeout: 10_000,
        })
        .toBe(true);
      await page.getByRole("button", { name: "Place an order" }).click();
      const fulfil = page.getByRole("button", { name: /^Fulfil #\d+$/ });
      await expect.poll(() => fulfil.count(), { timeout: 10_000 }).toBe(1);
      await fulfil.click();
      await expect.poll(() => fulfil.count(), { timeout: 10_000 }).toBe(0);
      await page.getByRole("button", { name: "+7 days" }).click();

      // The survey arrives on Jane's phone, from the shop's number, through the local Twilio.
      const survey = texts.getByText(/How likely are you to recommend us.*Reply 0–10/);
      await expect.poll(() => survey.isVisible(), { timeout: 20_000 }).toBe(true);
      await expect
        .poll(() => texts.getByText("delivered", { exact: true }).count(), { timeout: 10_000 })
        .toBe(1);
      // A text instead of the email: the inbox stays empty.
      expect(await page.getByRole("button", { name: /^Open email:/ }).count()).toBe(0);

      await phone.getByLabel("Reply from the phone").fill("9");
      await phone.getByRole("button", { name: "Send" }).click();
      await expect
        .poll(() => texts.getByText("9", { exact: true }).isVisible(), { timeout: 10_000 })
        .toBe(true);
      const score = page
        .getByRole("list", { name: `Properties of ${jane.email}` })
        .getByRole("listitem", { name: "replyloop_last_nps_score: 9" });
      await expect.poll(() => score.isVisible(), { timeout: 30_000 }).toBe(true);
      await page.screenshot({ path: path.join(shots, "phone-answered.png"), fullPage: true });

      // STOP: Twilio blocks the number and the consent is written back to Shopify.
      await phone.getByLabel("Reply from the phone").fill("STOP");
      await phone.getByRole("button", { name: "Send" }).click();
      await expect
        .poll(() => phone.getByText("SMS marketing: unsubscribed · Twilio blocks texts (STOP)").isVisible(), {
          timeout: 20_000,
        })
        .toBe(true);
      await expect
        .poll(() => page.getByRole("button", { name: "Subscribe to texts" }).isVisible())
        .toBe(true);
      await page.screenshot({ path: path.join(shots, "phone-stop.png"), fullPage: true });
    },
  );

  it("never left 127.0.0.1", () => {
    expect(offMachine).toEqual([]);
    expect(fs.existsSync(sandbox.networkLog) ? fs.readFileSync(sandbox.networkLog, "utf8") : "").toBe("");
  });
});
