// Issue 7: the sandbox as a newcomer uses it, in headless Chromium: abandon a checkout, move the
// clock an hour, open the email in the inbox, answer, confirm — and the answer shows on the contact
// in the HubSpot view. Nothing may leave 127.0.0.1: neither the browser nor any sandbox process.
// Screenshots: test-results/sandbox/. Runs once (the sandbox is SQLite by design).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_SHOP, DEMO_SHOP } from "../sandbox/catalog";
import { startSandbox, type Sandbox } from "../sandbox/sandbox";
import { adminClient } from "./helpers/admin";
import { adminWalkthrough, sessionTokenAuth } from "./helpers/admin-walkthrough";
import { screenshots } from "./helpers/browser";
import { BROWSER_UA } from "./helpers/shopify";

const CHROMIUM = "/usr/bin/chromium";
const skip = !fs.existsSync(CHROMIUM) && !process.env.CI;
if (skip)
  console.warn(
    `sandbox browser test skipped: ${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`,
  );
const shots = path.resolve(import.meta.dirname, "../test-results/sandbox");

describe.skipIf(skip)("npm run sandbox, in a browser", () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  const offMachine: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-sandbox-test-"));

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataDir, log: () => undefined });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const context = await browser.newContext({
      userAgent: BROWSER_UA,
      viewport: { width: 1440, height: 1000 },
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "about:")
        return route.continue();
      offMachine.push(`${url.href} (from ${route.request().frame().url()})`);
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

  it("abandon → +1 hour → answer in the inbox → the property in HubSpot", { timeout: 120_000 }, async () => {
    await page.goto(sandbox.url);
    await expect.poll(() => page.getByRole("heading", { name: "Replyloop sandbox" }).isVisible()).toBe(true);

    // Jane (the first customer) abandons a checkout with the first product.
    await page.getByRole("button", { name: "Abandon a checkout" }).click();
    await expect
      .poll(() => page.getByText("Checkout abandoned.").isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.getByRole("button", { name: "+1 hour" }).click();
    const email = page.getByRole("button", { name: /Open email: .*Northwind Outfitters/ });
    await expect.poll(() => email.count(), { timeout: 20_000 }).toBeGreaterThan(0);

    await email.first().click();
    const frame = page.frameLocator('iframe[title="Email"]');
    await frame.getByRole("link", { name: "Shipping cost" }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(shots, "inbox-email.png"), fullPage: true });

    // A person: opens the answer (a new tab, as from a mail client), reads for a moment, confirms.
    const [answerPage] = await Promise.all([
      page.context().waitForEvent("page"),
      frame.getByRole("link", { name: "Shipping cost" }).click(),
    ]);
    await answerPage.getByRole("button", { name: "Confirm my answer" }).waitFor({ timeout: 15_000 });
    await answerPage.waitForTimeout(2500);
    if (await answerPage.getByRole("button", { name: "Confirm my answer" }).isVisible()) {
      await answerPage.getByRole("button", { name: "Confirm my answer" }).click();
    }
    await answerPage.getByRole("heading", { name: "Thank you!" }).waitFor({ timeout: 15_000 });
    await answerPage.screenshot({ path: path.join(shots, "answer-confirmed.png") });
    await answerPage.close();

    // The write-behind queue flushes to the local HubSpot portal; the page shows the contact.
    const property = page.getByRole("listitem", { name: "replyloop_cart_abandon_reason: shipping_cost" });
    await expect.poll(() => property.isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByRole("heading", { name: "HubSpot contacts" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "hubspot-contact.png"), fullPage: true });

    // The timeline tells the story.
    const timeline = page.getByRole("list", { name: "Journey timeline" });
    await expect
      .poll(() => timeline.getByText("answered", { exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);

    // The dashboard's funnel counts the email as SendGrid would report it: the outbox delivered it,
    // the inbox opened it, and its link was followed.
    const funnel = async () => {
      const res = await adminClient(sandbox.appUrl, DEMO_SHOP.domain).load(
        "/app?days=7",
        "routes/app._index",
      );
      const body = (await res.json()) as {
        figures: { campaigns: { abandoned_cart: Record<string, number> } };
      };
      return body.figures.campaigns.abandoned_cart;
    };
    await expect
      .poll(funnel, { timeout: 15_000 })
      .toMatchObject({ sent: 1, delivered: 1, opened: 1, clicked: 1, answered: 1 });
  });

  it("opens the embedded admin from the sandbox page", { timeout: 60_000 }, async () => {
    const [admin] = await Promise.all([
      page.context().waitForEvent("page"),
      page.getByRole("link", { name: "Open the embedded admin" }).click(),
    ]);
    await admin.waitForLoadState("domcontentloaded");
    await expect
      .poll(() => admin.getByText("Northwind Outfitters").first().isVisible(), { timeout: 20_000 })
      .toBe(true);
    await admin.screenshot({ path: path.join(shots, "embedded-admin.png"), fullPage: true });
    // Moving around inside the admin: each request carries a session token, as under App Bridge.
    await admin.getByRole("link", { name: "HubSpot" }).click();
    await expect.poll(() => admin.getByText("62515").first().isVisible(), { timeout: 20_000 }).toBe(true);
    await admin.close();
  });

  it(
    "the merchant's walk through the admin, against the sandbox (issue 8)",
    { timeout: 180_000 },
    async () => {
      const result = await adminWalkthrough({
        browser,
        store: sessionTokenAuth(sandbox.appUrl, DEMO_SHOP.domain),
        otherStore: sessionTokenAuth(sandbox.appUrl, CLIENT_SHOP.domain),
        hubspotToken: sandbox.hubspot.addPortal("7171"),
        shots: screenshots("admin-sandbox"),
      });
      expect(result.blocked).toEqual([]);
      expect(result.pageErrors).toEqual([]);
      expect(result.overflowing).toEqual([]);
      expect(JSON.parse(result.exported)).toMatchObject({
        format: "replyloop-configuration",
        source: "Northwind Outfitters",
      });
    },
  );

  it("never left 127.0.0.1", () => {
    expect(offMachine).toEqual([]);
    expect(fs.existsSync(sandbox.networkLog) ? fs.readFileSync(sandbox.networkLog, "utf8") : "").toBe("");
  });
});
