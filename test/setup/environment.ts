// The environment every test file starts from: the .env.example values, with test ports. Set before
// any app module is imported (app/env.server.ts validates at import).
import fs from "node:fs";
import path from "node:path";

const example = fs.readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
for (const line of example.split("\n")) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
  if (match?.[1] && match[2] !== undefined) process.env[match[1]] = match[2];
}
process.env.NODE_ENV = "test";
process.env.LOG_LEVEL = "warn";
process.env.SHOPIFY_APP_URL = "http://127.0.0.1:3000";
// Tests drive jobs explicitly; nothing polls in the background.
process.env.JOBS_IN_PROCESS = "false";
