// Every server module of app/ can be imported first, on its own, under Node's own ES module
// semantics: no import cycle leaves a binding uninitialised ("Cannot access … before
// initialization") whichever module a process, a script or a test loads first. Vitest's module
// runner reads bindings lazily and would not show it, so this runs the modules in plain Node.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { z } from "zod";

const root = path.resolve(import.meta.dirname, "..");

it("imports every app module first without an error", { timeout: 180_000 }, () => {
  const run = spawnSync(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      "--import",
      path.join(root, "test/imports/register.ts"),
      path.join(root, "test/imports/first.ts"),
    ],
    { cwd: root, env: { ...process.env, LOG_LEVEL: "error" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const lastLine = run.stdout.trim().split("\n").at(-1) ?? "";
  const result = z
    .object({
      modules: z.array(z.string()),
      failures: z.array(z.object({ module: z.string(), error: z.string() })),
    })
    .parse(JSON.parse(lastLine));
  expect(result.modules).toContain("crm/hubspot/resolve-contact-job.server.ts");
  expect(result.modules.length).toBeGreaterThan(100);
  expect(result.failures).toEqual([]);
});
