// The production topology on one machine: one PostgreSQL, migrations applied, 2 web processes
// (`node server.ts`, JOBS_IN_PROCESS=false: they serve and enqueue, nothing else) and 2 worker
// processes (`node server.ts --worker`: jobs, the due-send sweep, the CRM flusher), all of the
// production build, with the project's local stand-ins (fakes/) for Shopify Admin, HubSpot and
// SendGrid on 127.0.0.1. A real deployment is the same shape with more machines (README "Running it
// for real"). Used by `npm run topology` (run.ts) and test/topology.once.test.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { FakeHubSpot } from "../../fakes/hubspot-server";
import { startFakeSendGrid } from "../../fakes/sendgrid-server";
import { startFakeShopifyAdmin } from "../../fakes/shopify-admin-server";
import { deployMigrations } from "../db/deploy";
import { readEnvExample } from "../env-example";
import { freePort, startCluster } from "./postgres";

const root = path.resolve(import.meta.dirname, "../..");

export type TopologyOptions = {
  webs?: number;
  workers?: number;
  /** Each process's output line, prefixed with its name. Default: nowhere. */
  log?: (line: string) => void;
};

export type AppProcess = { name: string; child: ChildProcess; url?: string };

/** Starts a process of the build and resolves when it says it is ready. */
function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const child = spawn(process.execPath, ["server.ts", ...args], { cwd: root, env, stdio: "pipe" });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = "";
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      for (const line of text.split("\n").filter(Boolean)) log(`[${name}] ${line}`);
      if (/Replyloop (listening on|worker started)/.test(output)) resolve(child);
    };
    child.stdout.on("data", onLine);
    child.stderr.on("data", onLine);
    child.once("exit", (code) =>
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

export async function startTopology(options: TopologyOptions = {}) {
  const log = options.log ?? (() => {});
  if (!fs.existsSync(path.join(root, "build/server/index.js")))
    throw new Error("No build: run `npm run build` first");
  const example = readEnvExample();

  const cluster = await startCluster();
  const cleanups: (() => Promise<void> | void)[] = [() => cluster.stop()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE replyloop`);
    await admin.end();
    const databaseUrl = cluster.url.replace(/\/postgres$/, "/replyloop");
    deployMigrations(databaseUrl);

    const shopify = await startFakeShopifyAdmin({
      app: { clientId: example.SHOPIFY_API_KEY ?? "", clientSecret: example.SHOPIFY_API_SECRET ?? "" },
    });
    cleanups.push(() => shopify.close());
    const hubspot = new FakeHubSpot();
    await hubspot.start();
    cleanups.push(() => hubspot.stop());
    const sendgrid = await startFakeSendGrid();
    cleanups.push(() => sendgrid.close());
    // SendGrid's Event Webhook verification key (the stand-in does not post events here).
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });

    const webPorts = await Promise.all(Array.from({ length: options.webs ?? 2 }, () => freePort()));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...example,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      // Behind a real load balancer this is its public URL; here the first web process.
      SHOPIFY_APP_URL: `http://127.0.0.1:${webPorts[0]}`,
      SHOPIFY_ADMIN_API_ORIGIN: shopify.url,
      HUBSPOT_API_BASE_URL: hubspot.url,
      SENDGRID_API_KEY: sendgrid.apiKey,
      SENDGRID_API_BASE_URL: sendgrid.url,
      SENDGRID_WEBHOOK_PUBLIC_KEY: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
      JOBS_IN_PROCESS: "false",
      JOB_POLL_INTERVAL_MS: "200",
    };
    const processes: AppProcess[] = [];
    cleanups.push(() => stopAll(processes));
    // Workers first: the first one installs pg-boss's schema.
    for (let i = 1; i <= (options.workers ?? 2); i++) {
      const name = `worker-${i}`;
      processes.push({ name, child: await startProcess(name, ["--worker"], env, log) });
    }
    const webs = await Promise.all(
      webPorts.map(async (port, i) => {
        const name = `web-${i + 1}`;
        const child = await startProcess(name, [], { ...env, PORT: String(port) }, log);
        return { name, child, url: `http://127.0.0.1:${port}` };
      }),
    );
    processes.push(...webs);
    return {
      databaseUrl,
      webUrls: webs.map((w) => w.url),
      processes,
      fakes: { shopify, hubspot, sendgrid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopAll(processes: AppProcess[]) {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}

export type Topology = Awaited<ReturnType<typeof startTopology>>;
