// The merchant's walk through the embedded admin in a real browser, as steps a person would take
// and check: open the dashboard, switch the abandoned-cart campaign off and on, edit its subject and
// watch the preview change, add an "only when" condition, save; connect HubSpot with a token; look
// at every page; export the configuration and import it into a second store. Every page is
// screenshotted.
//
// Reusable against any running app (the built app in tests, the sandbox): it takes the base URL
// and, per store, a way to authenticate (how the admin opens a page, and the header App Bridge adds
// to the app's own requests).
import type { Browser, Page } from "playwright-core";
import { localContext, type Shots } from "./browser";
import { hostParam, mintSessionToken } from "./shopify";

export type AdminAuth = {
  shop: string;
  /** The URL the Shopify admin's iframe opens for `path` (document load, id_token in the query). */
  pageUrl: (path: string) => string;
  /** What App Bridge adds to the app's own fetch requests. */
  requestHeaders: () => Record<string, string>;
};

/** Authentication as the Shopify admin does it, with session tokens signed with the app's secret. */
export function sessionTokenAuth(baseUrl: string, shop: string, secret?: string): AdminAuth {
  const token = () => mintSessionToken(shop, secret ? { secret } : {});
  return {
    shop,
    pageUrl: (path) =>
      `${baseUrl}${path}${path.includes("?") ? "&" : "?"}embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${token()}`,
    requestHeaders: () => ({ Authorization: `Bearer ${token()}` }),
  };
}

export type WalkthroughOptions = {
  browser: Browser;
  /** The store the merchant works in, and the store the configuration is imported into. */
  store: AdminAuth;
  otherStore: AdminAuth;
  /** A private-app token the HubSpot the app talks to accepts. */
  hubspotToken: string;
  shots: Shots;
  viewport?: { width: number; height: number };
  /** How long one step may take (default 10 s). */
  stepTimeoutMs?: number;
  /** Called after each step (tests check the database there). */
  onStep?: (step: WalkthroughStep, page: Page) => Promise<void>;
};

export type WalkthroughStep =
  | "dashboard"
  | "campaign toggled"
  | "campaign saved"
  | "hubspot connected"
  | "pages seen"
  | "exported"
  | "imported";

export type WalkthroughResult = {
  /** Off-machine requests the pages made (all aborted). */
  blocked: string[];
  /** The configuration file the export downloaded. */
  exported: string;
  /** Pages whose content was wider than the window (a broken layout), by path. */
  overflowing: string[];
  /** Uncaught errors in the pages (e.g. code that assumes App Bridge is there). */
  pageErrors: string[];
};

const NEW_SUBJECT = "Still there, {{ customer.first_name }}? Your cart misses you";

export async function adminWalkthrough(options: WalkthroughOptions): Promise<WalkthroughResult> {
  const viewport = options.viewport ?? { width: 1024, height: 768 };
  const main = await localContext(options.browser, {
    viewport,
    requestHeaders: options.store.requestHeaders,
  });
  const other = await localContext(options.browser, {
    viewport,
    requestHeaders: options.otherStore.requestHeaders,
  });
  // A step that does not happen fails within seconds, naming what it waited for.
  main.context.setDefaultTimeout(options.stepTimeoutMs ?? 10_000);
  other.context.setDefaultTimeout(options.stepTimeoutMs ?? 10_000);
  const overflowing: string[] = [];
  const pageErrors: string[] = [];
  for (const { context } of [main, other])
    context.on("page", (p) => p.on("pageerror", (error) => pageErrors.push(`${p.url()}: ${error.message}`)));
  const step = async (name: WalkthroughStep, page: Page) => options.onStep?.(name, page);

  /** Records the page when its content is wider than the window (a layout that breaks). */
  async function checkWidth(page: Page, path: string) {
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1))
      overflowing.push(path);
  }

  async function open(page: Page, auth: AdminAuth, path: string, heading: string, shot: string) {
    await page.goto(auth.pageUrl(path));
    await page.getByRole("heading", { name: heading, exact: true, level: 1 }).waitFor();
    // The page is interactive once React has hydrated (Remix sets this flag on the window).
    await page.waitForFunction(() => "__remixContext" in window && document.readyState === "complete");
    await checkWidth(page, path);
    await options.shots(page, shot);
  }

  try {
    const page = await main.context.newPage();

    // 1. The dashboard.
    await open(page, options.store, "/app", "Dashboard", "01-dashboard");
    await page.getByRole("heading", { name: "Net Promoter Score" }).waitFor();
    await step("dashboard", page);

    // 2. Campaigns: abandoned cart off, then on again.
    await open(page, options.store, "/app/campaigns", "Campaigns", "02-campaigns");
    const toggle = async (action: "Turn on" | "Turn off") => {
      await page.getByRole("button", { name: `${action} Abandoned cart` }).click();
      await page
        .getByRole("button", { name: `${action === "Turn on" ? "Turn off" : "Turn on"} Abandoned cart` })
        .waitFor();
    };
    // A new store has it off: on first, so that it can be turned off and on again.
    if (await page.getByRole("button", { name: "Turn on Abandoned cart" }).isVisible())
      await toggle("Turn on");
    await toggle("Turn off");
    // On again with the keyboard only: Tab to the button, Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (
        await page.evaluate(
          () => document.activeElement?.getAttribute("aria-label") === "Turn on Abandoned cart",
        )
      )
        break;
    }
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Turn off Abandoned cart" }).waitFor();
    await options.shots(page, "03-campaign-toggled");
    await step("campaign toggled", page);

    // 3. The editor (a client-side navigation): edit the subject, the preview follows; a bad Liquid
    //    tag shows its line under the field; save.
    await page.getByRole("link", { name: "Edit Abandoned cart" }).click();
    await page.getByRole("heading", { name: "Abandoned cart", level: 1 }).waitFor();
    const previewSubject = page.locator("#preview-subject");
    await previewSubject.getByText(/^You left something behind at /).waitFor();
    await checkWidth(page, "/app/campaigns/abandoned_cart");
    await options.shots(page, "04-editor");
    await page.locator("#reminder-subject").fill(NEW_SUBJECT);
    await previewSubject.getByText("Still there, Jane? Your cart misses you", { exact: true }).waitFor();
    await page.locator("#reminder-heading").fill("Hello {% if customer %}");
    await page.getByText(/Line 1, column \d+: tag \{% if customer %\} not closed/).waitFor();
    await options.shots(page, "05-editor-liquid-error");
    await page.locator("#reminder-heading").fill("");
    await page.getByText(/Line 1, column/).waitFor({ state: "detached" });
    await page.getByText("You have unsaved changes.").waitFor();
    // "Only when…": carts of at least 75 in the store's currency.
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.getByLabel("Amount").fill("75");
    await checkWidth(page, "/app/campaigns/abandoned_cart (a condition)");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Abandoned cart saved.").waitFor();
    await page.getByText("You have unsaved changes.").waitFor({ state: "detached" });
    await options.shots(page, "06-editor-saved");
    await step("campaign saved", page);

    // 4. HubSpot with a pasted token.
    await open(page, options.store, "/app/hubspot", "HubSpot", "07-hubspot");
    await page.getByLabel("Access token").fill(options.hubspotToken);
    await page.getByRole("button", { name: "Connect with token" }).click();
    await page.getByText(/^Connected to HubSpot portal \d+/).waitFor();
    await options.shots(page, "08-hubspot-connected");
    await step("hubspot connected", page);

    // 5. The other pages, each as the merchant first sees it.
    await open(page, options.store, "/app/answers", "Answers", "09-answers");
    await open(page, options.store, "/app/sends", "Pending sends", "10-sends");
    await open(page, options.store, "/app/settings", "Settings", "11-settings");
    await step("pages seen", page);

    // 6. Export this store's configuration (a real download).
    await open(page, options.store, "/app/agency", "Agency tools", "12-agency");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download configuration" }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    const exported = Buffer.concat(chunks).toString("utf8");
    await step("exported", page);

    // 7. Import it into the other store: the changes are listed first, applied on confirmation.
    const otherPage = await other.context.newPage();
    await open(otherPage, options.otherStore, "/app/agency", "Agency tools", "13-import-start");
    await otherPage
      .locator('input[type="file"]')
      .setInputFiles({ name: "client.json", mimeType: "application/json", buffer: Buffer.from(exported) });
    await otherPage.getByRole("heading", { name: /^Importing client\.json/ }).waitFor();
    await otherPage.getByText("Abandoned cart › Reminder › Subject", { exact: true }).waitFor();
    await checkWidth(otherPage, "/app/agency (import preview)");
    await options.shots(otherPage, "14-import-preview");
    await otherPage.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
    await otherPage.getByText(/^Imported client\.json .*changes? applied\.$/).waitFor();
    await options.shots(otherPage, "15-imported");
    await step("imported", otherPage);

    return { blocked: [...main.blocked, ...other.blocked], exported, overflowing, pageErrors };
  } finally {
    await main.context.close();
    await other.context.close();
  }
}
