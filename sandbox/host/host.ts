// Sandbox mode, mounted by server.ts when `npm run sandbox` started it (REPLYLOOP_SANDBOX): the app
// runs on a clock the sandbox page can move forward, the demo stores are seeded on the first
// start, and /sandbox is served. Everything it does to the app goes through the build's hostApi
// (app/server/composition.server.ts), so the app itself knows nothing of the sandbox.
import type { RequestHandler } from "express";
import type { HostApi } from "../../app/server/composition.server.ts";
import { DEMO_SHOP } from "../catalog.ts";
import { OffsetClock } from "./clock.ts";
import { readSandboxConfig } from "./config.ts";
import { sandboxRouter } from "./router.ts";
import { seedDemoShops } from "./seed.ts";

/**
 * Outside the Shopify admin, App Bridge comes from the sandbox (SHOPIFY_APP_BRIDGE_URL, set by
 * sandbox/sandbox.ts), so the document's preload of Shopify's CDN copy (a Link header) must go.
 */
const withoutCdnPreload: RequestHandler = (_req, res, next) => {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => (name.toLowerCase() === "link" ? res : setHeader(name, value));
  next();
};

export async function startSandboxHost(api: HostApi, env: Record<string, string | undefined>) {
  const config = readSandboxConfig(env);
  const clock = new OffsetClock(config.SANDBOX_DATA_DIR, { timeZone: DEMO_SHOP.timezone, hour: 10 });
  api.installClock(clock);
  await seedDemoShops(api, (line) => console.warn(line), clock.now());
  return {
    before: [withoutCdnPreload],
    mounts: [{ path: "/sandbox", handler: sandboxRouter({ api, clock, config }) }],
  };
}
