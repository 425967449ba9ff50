// Issue 5, the human path in a real browser (headless Chromium through playwright-core): open an
// answer link, stay on the page, the answer is confirmed (held, then counted once its window has
// passed on the app clock — decision 0010); answer again with the button, it changes. A scanner
// that runs pages in a headless browser confirms nothing, and a form a script submits as if it were
// the button is not a press. Screenshots go to test-results/answers/.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOLD_WINDOW_MS } from "../app/answers/scanner";
import { settleHeldAnswers } from "../app/answers/settle.server";
import db from "../app/db.server";
import { appClock, installClock } from "../app/lib/app-clock.server";
import type { Clock } from "../app/lib/clock";
import { startBuiltApp } from "./helpers/app-server";
import { answersOf, deliveredEmail } from "./helpers/answers";
import { launchBrowser, localContext, screenshots, skipWithoutChromium } from "./helpers/browser";
import { BROWSER_UA, seedShop, TEST_SHOP } from "./helpers/shopify";

const skip = skipWithoutChromium("answers-browser");
// Real time (the browser's 2 s on the page are real), moved ahead when the test lets time pass.
/** Real time (Chromium's timers run on it) that the test can move ahead past a hold window. */
const clock = {
  offset: 0,
  now() {
    return new Date(Date.now() + this.offset);
  },
  advance(ms: number) {
    this.offset += ms;
  },
} satisfies Clock & { offset: number; advance(ms: number): void };
installClock(clock);
const shot = screenshots("answers");

describe.skipIf(skip)("answer links in Chromium", () => {
  let app: Awaited<ReturnType<typeof startBuiltApp>>;
  let browser: Browser;

  beforeAll(async () => {
    await seedShop(TEST_SHOP, { name: "Demo Store" });
    app = await startBuiltApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A context that only reaches the test server. */
  async function context(userAgent: string): Promise<BrowserContext> {
    return (await localContext(browser, { userAgent, viewport: { width: 480, height: 800 } })).context;
  }

  it("a person opens the link and stays: confirmed after ≥ 2 s; answers again with the button: changed", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "abandoned_cart_1");
    const ctx = await context(BROWSER_UA);
    const page = await ctx.newPage();

    const opened = Date.now();
    await page.goto(answerLinks[0] ?? "");
    await expect.poll(() => page.locator("h1").first().textContent()).toContain("What stopped you");
    await shot(page, "1-choice");
    expect(await answersOf(message.id)).toEqual([]); // provisional until confirmed

    await page.getByText("Thank you!").waitFor({ timeout: 10_000 });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(2000);
    await shot(page, "2-confirmed");
    // The page confirmed by itself: held until its window has passed with no other choice opened.
    clock.advance(HOLD_WINDOW_MS);
    await settleHeldAnswers(db, appClock.now());
    expect((await answersOf(message.id)).map((a) => a.value)).toEqual(["price"]);

    await page.goto(answerLinks[1] ?? "");
    await page.getByRole("button", { name: "Confirm my answer" }).click();
    await page.getByText("Thank you!").waitFor({ timeout: 10_000 });
    await shot(page, "3-changed");
    const answers = await answersOf(message.id);
    expect(answers.map((a) => [a.questionKey, a.value])).toEqual([["cart_abandon_reason", "shipping_cost"]]);
    await ctx.close();
  });

  it("a scanner running every link in a headless browser confirms nothing", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "post_purchase_survey");
    const ctx = await context(BROWSER_UA.replace("Chrome/", "HeadlessChrome/"));
    const pages = await Promise.all(
      answerLinks.slice(0, 5).map(async (url) => {
        const page = await ctx.newPage();
        await page.goto(url);
        return page;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    if (pages[0]) await shot(pages[0], "4-scanner");
    expect(await answersOf(message.id)).toEqual([]);
    await ctx.close();
  });

  it("a person's browser on the same sweep (a burst) only confirms with the button", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "post_purchase_survey");
    const ctx = await context(BROWSER_UA);
    const pages = await Promise.all(
      answerLinks.slice(0, 5).map(async (url) => {
        const page = await ctx.newPage();
        await page.goto(url);
        return page;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await answersOf(message.id)).toEqual([]);
    const last = pages[4];
    await last?.getByRole("button", { name: "Confirm my answer" }).click();
    await last?.getByText("Thank you!").waitFor({ timeout: 10_000 });
    expect((await answersOf(message.id)).map((a) => a.value)).toEqual(["4"]);
    await ctx.close();
  });

  it("a form a script submits as if it were the button (no user gesture) is not a press", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const ctx = await context(BROWSER_UA);
    // The scanner's own automation, in the page but without any user gesture: it sets the form's
    // field to "button" and submits it as soon as the page is parsed (once).
    await ctx.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const mode = document.getElementById("mode");
        const form = document.getElementById("confirm");
        if (sessionStorage.getItem("submitted") || !(mode instanceof HTMLInputElement)) return;
        if (!(form instanceof HTMLFormElement)) return;
        sessionStorage.setItem("submitted", "1");
        mode.value = "button";
        form.submit();
      });
    });
    const page = await ctx.newPage();
    await page.goto(answerLinks[0] ?? "");
    await page.getByText("Please press the button").waitFor({ timeout: 10_000 });
    expect(await answersOf(message.id)).toEqual([]);
    // The person's own press on that page counts at once.
    await page.getByRole("button", { name: "Confirm my answer" }).click();
    await page.getByText("Thank you!").waitFor({ timeout: 10_000 });
    expect((await answersOf(message.id)).map((a) => a.value)).toEqual(["early_access"]);
    await ctx.close();
  });
});
