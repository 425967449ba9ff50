// Headless Chromium for the browser tests (playwright-core, the system's /usr/bin/chromium): launch
// it, give pages a context that only reaches this machine (every other request is aborted and
// recorded, so a test can say exactly what tried to leave), and keep screenshots as artifacts in
// test-results/<suite>/.
//
// Without Chromium a browser suite is skipped on a developer machine, with a message; in CI
// (env CI set) it is never skipped, so the launch fails the run.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page, type Route } from "playwright-core";
import { BROWSER_UA } from "./shopify";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** True (after saying why) when `suite` must be skipped: no Chromium, and not in CI. */
export function skipWithoutChromium(suite: string): boolean {
  if (fs.existsSync(CHROMIUM) || process.env.CI) return false;
  console.warn(
    `${suite}: skipped, ${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`,
  );
  return true;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

const isLocal = (url: string) => {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
};

export type LocalContext = {
  context: BrowserContext;
  /** Every off-machine request the pages made (all aborted), in order. */
  blocked: string[];
};

export type ContextOptions = {
  userAgent?: string;
  viewport?: { width: number; height: number };
  /** Headers added to the page's own fetch/XHR requests to this machine (what App Bridge adds). */
  requestHeaders?: () => Record<string, string>;
};

/** A browser context whose pages reach 127.0.0.1 only. */
export async function localContext(browser: Browser, options: ContextOptions = {}): Promise<LocalContext> {
  const context = await browser.newContext({
    userAgent: options.userAgent ?? BROWSER_UA,
    viewport: options.viewport ?? { width: 1024, height: 768 },
    acceptDownloads: true,
  });
  const blocked: string[] = [];
  await context.route("**/*", async (route: Route) => {
    const request = route.request();
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    if (!isLocal(url)) {
      blocked.push(url);
      return route.abort("blockedbyclient");
    }
    const extra =
      options.requestHeaders && ["fetch", "xhr"].includes(request.resourceType())
        ? options.requestHeaders()
        : {};
    return route.continue({ headers: { ...request.headers(), ...extra } });
  });
  return { context, blocked };
}

export type Shots = (page: Page, name: string) => Promise<void>;

/** Full-page screenshots into test-results/<suite>/<name>.png. */
export function screenshots(suite: string): Shots {
  const dir = path.resolve(import.meta.dirname, "../../test-results", suite);
  fs.mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  };
}
