// The server: `npm start` (web + in-process worker), `npm run worker` (worker only), and
// `node server.ts --dev` (what `shopify app dev` runs: Vite in middleware mode, with the worker).
// The web handler and the worker share one module graph (one Prisma client, one job registry).
// With REPLYLOOP_SANDBOX (set by `npm run sandbox` only) it also mounts the sandbox (sandbox/host/).
// Plain Node 22 with type stripping: erasable TypeScript only.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createHttpServer, type HttpAppOptions } from "./app/server/http-app.ts";
import type { HostApi } from "./app/server/composition.server.ts";

type Background = { stop(): Promise<void> };
type EntryExtras = {
  startBackground(options: { worker: boolean }): Promise<Background>;
  serverConfig(): { host: string; port: number; jobsInProcess: boolean };
  hostApi: HostApi;
};

const root = path.dirname(fileURLToPath(import.meta.url));
const workerOnly = process.argv.includes("--worker");
const dev = process.argv.includes("--dev");

if (fs.existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
process.env.NODE_ENV ??= dev ? "development" : "production";

async function loadBuild(): Promise<{ build: ServerBuild; app: Omit<HttpAppOptions, "mode"> }> {
  if (dev) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    const current = () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    return { build: await current(), app: { build: current, before: [server.middlewares] } };
  }
  const buildFile = path.join(root, "build/server/index.js");
  if (!fs.existsSync(buildFile)) {
    console.error("No build found: run `npm run build` first.");
    process.exit(1);
  }
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  return { build, app: { build, clientDir: path.join(root, "build/client") } };
}

/** Configuration errors (EnvError) name the variable: printed without a stack trace, then exit 1. */
function startupFailed(error: unknown): never {
  console.error(error instanceof Error && error.name === "EnvError" ? error.message : error);
  process.exit(1);
}

let loaded: Awaited<ReturnType<typeof loadBuild>>;
try {
  loaded = await loadBuild();
} catch (error) {
  startupFailed(error);
}
const extras = loaded.build.entry.module as unknown as EntryExtras;
const config = extras.serverConfig();
const sandboxMode = process.env.REPLYLOOP_SANDBOX === "true" || process.env.REPLYLOOP_SANDBOX === "1";
const sandbox = sandboxMode
  ? await import("./sandbox/host/host.ts")
      .then((host) => host.startSandboxHost(extras.hostApi, process.env))
      .catch(startupFailed)
  : undefined;
const background = await extras.startBackground({ worker: workerOnly || config.jobsInProcess });

let server: ReturnType<typeof createHttpServer> | undefined;
if (!workerOnly) {
  server = createHttpServer({
    ...loaded.app,
    mode: process.env.NODE_ENV,
    before: [...(loaded.app.before ?? []), ...(sandbox?.before ?? [])],
    mounts: sandbox?.mounts ?? [],
  });
  server.listen(config.port, config.host, () => {
    console.log(`Replyloop listening on http://${config.host}:${config.port}${dev ? " (development)" : ""}`);
  });
} else {
  console.log("Replyloop worker started");
}

async function shutdown(signal: string) {
  console.log(`${signal}: shutting down`);
  server?.close();
  await background.stop();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
