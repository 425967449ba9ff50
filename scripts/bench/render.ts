// `npm run bench:render`: personalised emails rendered per second per core, with the template
// version compiled once and cached (what Replyloop does) vs MJML compiled for every recipient —
// same templates, same recipients, same run. Plain Node 22: the app's TypeScript (extensionless
// imports) is loaded through Vite's SSR module loader, without the Remix plugin.
import path from "node:path";
import { createServer } from "vite";

const root = path.resolve(import.meta.dirname, "../..");
const vite = await createServer({
  root,
  configFile: false,
  logLevel: "error",
  appType: "custom",
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  const bench = (await vite.ssrLoadModule("/scripts/bench/render-bench.ts")) as {
    runRenderBench: () => Promise<void>;
  };
  await bench.runRenderBench();
} finally {
  await vite.close();
}
