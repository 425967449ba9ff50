// Imports every server module of app/ first, each in a fresh copy of the module graph, with Node's
// own ES module semantics (where an import cycle that reads a binding too early throws "Cannot
// access … before initialization"). Prints one JSON line: the modules and the failures.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const app = path.resolve(import.meta.dirname, "../../app");
const modules = fs
  .readdirSync(app, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("routes/"))
  .sort();

const failures: { module: string; error: string }[] = [];
for (const [round, file] of modules.entries()) {
  const url = pathToFileURL(path.join(app, file));
  url.search = `?first=${round}`;
  try {
    await import(url.href);
  } catch (error) {
    failures.push({ module: file, error: String(error).split("\n")[0] ?? "" });
  }
}
console.log(JSON.stringify({ modules, failures }));
process.exit(0);
