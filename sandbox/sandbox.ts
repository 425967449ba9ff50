// Starts the whole loop on 127.0.0.1: the local Shopify Admin API, HubSpot portal and Twilio, the
// simulated store (control server), and the real app (the production build, SQLite, in-process
// worker, outbox email) in sandbox mode. State lives in one folder, so a second start carries on.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { readEnvExample } from "../scripts/env-example.ts";
import { deployMigrations } from "../scripts/db/deploy.ts";
import { bundleUiExtension, findUiExtensions } from "../scripts/extensions/build.ts";
import { CLIENT_SHOP, DEMO_CUSTOMERS, DEMO_PORTAL, DEMO_SHOP, DEMO_TWILIO } from "./catalog.ts";
import { startControlServer } from "./control-server.ts";
import { FakeHubSpot, type FakeContact, type FakeProperty } from "../fakes/hubspot-server.ts";
import {
  startFakeShopifyAdmin,
  type FakeCustomer,
  type FakeDiscount,
} from "../fakes/shopify-admin-server.ts";
import { startFakeTwilio, type FakeTwilioMessage } from "../fakes/twilio-server.ts";
import { SimulatedStore, emptyStoreState, type StoreState } from "./store.ts";

const root = path.resolve(import.meta.dirname, "..");
export const DEFAULT_PORT = 3457;
export const DEFAULT_DATA_DIR = path.join(root, "sandbox/.data");
/** The app id HubSpot puts on webhook events for our app (its own changes echo back with it). */
const HUBSPOT_APP_ID = 54321;

type Saved = {
  store: StoreState;
  admin: { customers: FakeCustomer[]; discounts: FakeDiscount[] };
  hubspot: {
    groups: { name: string; label: string; displayOrder: number }[];
    properties: FakeProperty[];
    contacts: FakeContact[];
  };
  twilio?: { messages: FakeTwilioMessage[] };
};

export type SandboxOptions = {
  port?: number;
  dataDir?: string;
  reset?: boolean;
  log?: (line: string) => void;
};

export async function startSandbox(options: SandboxOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  if (options.reset) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const stateFile = path.join(dataDir, "sandbox-state.json");
  const saved = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, "utf8")) as Saved) : null;
  const port = options.port === 0 ? await freePort() : (options.port ?? DEFAULT_PORT);
  const appUrl = `http://127.0.0.1:${port}`;
  const env = readEnvExample();

  buildIfNeeded(log);

  // With the app's credentials it also answers token exchange (a store opened without a session).
  const admin = await startFakeShopifyAdmin({
    app: { clientId: env.SHOPIFY_API_KEY ?? "", clientSecret: env.SHOPIFY_API_SECRET ?? "" },
  });
  const shop = admin.addShop({
    domain: DEMO_SHOP.domain,
    accessToken: DEMO_SHOP.accessToken,
    name: DEMO_SHOP.name,
    email: DEMO_SHOP.email,
    currencyCode: DEMO_SHOP.currency,
    ianaTimezone: DEMO_SHOP.timezone,
    address: DEMO_SHOP.address,
    customers:
      saved?.admin.customers ??
      DEMO_CUSTOMERS.map((c) => ({
        id: c.id,
        email: c.email,
        numberOfOrders: c.numberOfOrders,
        amountSpent: c.amountSpent,
        currencyCode: DEMO_SHOP.currency,
        tags: [...c.tags],
        marketingState: c.marketingState,
        phone: c.phone,
        smsMarketingState: c.smsMarketingState,
      })),
  });
  shop.discounts.push(...(saved?.admin.discounts ?? []));
  admin.addShop({
    domain: CLIENT_SHOP.domain,
    accessToken: CLIENT_SHOP.accessToken,
    name: CLIENT_SHOP.name,
    email: CLIENT_SHOP.email,
    currencyCode: CLIENT_SHOP.currency,
    ianaTimezone: CLIENT_SHOP.timezone,
    address: CLIENT_SHOP.address,
  });

  const hubspot = new FakeHubSpot({
    clientId: env.HUBSPOT_CLIENT_ID,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
  });
  await hubspot.start();
  hubspot.addPortal(DEMO_PORTAL.portalId, { token: DEMO_PORTAL.token });
  const portal = hubspot.portals.get(DEMO_PORTAL.portalId)!;
  for (const g of saved?.hubspot.groups ?? []) portal.groups.set(g.name, g);
  for (const p of saved?.hubspot.properties ?? []) portal.properties.set(p.name, p);
  for (const c of saved?.hubspot.contacts ?? []) portal.contacts.set(c.email, c);

  // The demo shop's Twilio account: texts it sends, and a phone's replies signed the way Twilio signs.
  const twilio = await startFakeTwilio({ autoCallbacks: true });
  const twilioAccount = twilio.addAccount({
    sid: DEMO_TWILIO.accountSid,
    authToken: DEMO_TWILIO.authToken,
    numbers: [DEMO_TWILIO.number],
  });
  twilio.setInboundUrl(
    twilioAccount,
    DEMO_TWILIO.number,
    `${appUrl}/webhooks/twilio/messages?shop=${DEMO_SHOP.domain}`,
  );
  twilio.messages.push(...(saved?.twilio?.messages ?? []));

  const controlPort = options.port === 0 ? 0 : port + 1;
  const store = new SimulatedStore(
    {
      appUrl,
      storefrontUrl: "", // set once the control server listens
      shopifySecret: env.SHOPIFY_API_SECRET ?? "",
      hubspotSecret: env.HUBSPOT_CLIENT_SECRET ?? "",
      hubspotAppId: HUBSPOT_APP_ID,
      portalId: DEMO_PORTAL.portalId,
      admin,
      hubspot,
      twilio,
    },
    saved?.store ?? emptyStoreState(),
  );
  const save = () => {
    const next: Saved = {
      store: store.state,
      admin: { customers: [...shop.customers.values()], discounts: shop.discounts },
      hubspot: {
        groups: [...portal.groups.values()],
        properties: [...portal.properties.values()],
        contacts: [...portal.contacts.values()],
      },
      twilio: { messages: twilio.messages },
    };
    fs.writeFileSync(stateFile, JSON.stringify(next, null, 1));
  };
  const control = await startControlServer({
    port: controlPort,
    store,
    admin,
    hubspot,
    twilio,
    changed: save,
  });
  store.setStorefront(control.url);

  // The survey block as `shopify app deploy` would bundle it, with this app's URL baked in.
  const extensionsDir = path.join(dataDir, "extensions");
  for (const extension of findUiExtensions(root))
    await bundleUiExtension(extension, { appUrl, outdir: extensionsDir });

  const databaseUrl = `file:${path.join(dataDir, "replyloop.sqlite")}`;
  deployMigrations(databaseUrl);
  const networkLog = path.join(dataDir, "network-refused.log");
  const app = spawn(
    process.execPath,
    ["--import", path.join(root, "sandbox/loopback-guard.ts"), path.join(root, "server.ts")],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        ...env,
        NODE_ENV: "development",
        HOST: "127.0.0.1",
        PORT: String(port),
        SHOPIFY_APP_URL: appUrl,
        DATABASE_URL: databaseUrl,
        SHOPIFY_ADMIN_API_ORIGIN: admin.url,
        HUBSPOT_API_BASE_URL: hubspot.url,
        HUBSPOT_APP_BASE_URL: hubspot.url,
        TWILIO_API_BASE_URL: twilio.url,
        // Sandbox mode (sandbox/host/): the demo stores of catalog.ts, the movable clock, /sandbox.
        REPLYLOOP_SANDBOX: "true",
        SANDBOX_CONTROL_URL: control.url,
        SANDBOX_DATA_DIR: dataDir,
        SANDBOX_EXTENSIONS_DIR: extensionsDir,
        SHOPIFY_APP_BRIDGE_URL: `${appUrl}/sandbox/app-bridge.js`,
        SANDBOX_NETWORK_LOG: networkLog,
        JOBS_IN_PROCESS: "true",
        JOB_POLL_INTERVAL_MS: "200",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => app.once("exit", resolve));
  await waitForHealth(appUrl, app, exited);

  let stopped = false;
  return {
    url: `${appUrl}/sandbox`,
    appUrl,
    controlUrl: control.url,
    adminApi: admin,
    hubspot,
    twilio,
    store,
    dataDir,
    networkLog,
    async stop() {
      if (stopped) return;
      stopped = true;
      save();
      await stopChild(app, exited);
      await control.close();
      await hubspot.stop();
      await twilio.close();
      await admin.close();
    },
  };
}
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Builds the app when there is no build, or when any source file is newer than it. */
function buildIfNeeded(log: (line: string) => void) {
  const built = path.join(root, "build/server/index.js");
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  if (builtAt > newest(path.join(root, "app"))) return;
  log("Building the app (npm run build)…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error("The build failed");
}

async function waitForHealth(url: string, child: ChildProcess, exited: Promise<number | null>) {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 300; i++) {
    if (gone)
      throw new Error(`The app exited before it was ready (exit ${child.exitCode ?? child.signalCode})`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The app did not become healthy within 30 s");
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
