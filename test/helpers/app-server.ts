// The built app (npm run build) served in this test process on 127.0.0.1, on this file's database.
// In-process so the test guards (network, console.error) watch it too.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createHttpServer } from "../../app/server/http-app";

const root = path.resolve(import.meta.dirname, "../..");

export async function startBuiltApp() {
  const buildFile = path.join(root, "build/server/index.js");
  if (!fs.existsSync(buildFile))
    throw new Error("No build: run `npm run build` (npm test does) before the integration tests");
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const server = createHttpServer({ build, clientDir: path.join(root, "build/client"), mode: "production" });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
