// The offline bundler: what it builds from extensions/, that it fits Shopify's limit, and that it
// refuses what Shopify would refuse at deploy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  BUNDLE_LIMIT_BYTES,
  bundleUiExtension,
  describe as describeReport,
  entryFor,
  findUiExtensions,
} from "./build";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-extensions-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function project(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(tmp, "project-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("npm run build:extensions", () => {
  it("finds the survey extension with its two targets (the Flow extensions have no code)", () => {
    expect(
      findUiExtensions().map(({ handle, apiVersion, targets }) => ({ handle, apiVersion, targets })),
    ).toEqual([
      {
        handle: "post-purchase-survey",
        apiVersion: "2026-07",
        targets: [
          { target: "purchase.thank-you.block.render", module: "./src/ThankYouSurvey.tsx" },
          { target: "customer-account.order-status.block.render", module: "./src/OrderStatusSurvey.tsx" },
        ],
      },
    ]);
  });

  it("bundles the survey offline with the app URL baked in, under Shopify's 64 KB compressed limit", async () => {
    const [survey] = findUiExtensions();
    if (!survey) throw new Error("no survey extension");
    const outdir = path.join(tmp, "survey");

    const report = await bundleUiExtension(survey, { appUrl: "https://replyloop.example.com", outdir });

    expect(report.overLimit).toBe(false);
    expect(report.brotliBytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
    expect(report.gzipBytes).toBeLessThan(BUNDLE_LIMIT_BYTES);
    expect(report.outfile).toBe(path.join(outdir, "post-purchase-survey.js"));
    const code = fs.readFileSync(report.outfile, "utf8");
    expect(code).toContain('"https://replyloop.example.com"');
    expect(code).not.toMatch(/process\.env/);
    expect(code).toContain('shopify.extend("purchase.thank-you.block.render"');
    expect(code).toContain('shopify.extend("customer-account.order-status.block.render"');
    expect(code).toContain("/extensions/survey/answers");
    // ES2015 output, as the CLI targets: no optional chaining or nullish coalescing left.
    expect(code).not.toMatch(/\?\.|\?\?/);
    expect(fs.existsSync(path.join(outdir, "post-purchase-survey.metafile.json"))).toBe(true);
    expect(describeReport(report)).toMatch(/KB brotli, .* KB gzip \(under the 64 KB compressed limit\)$/);
  });

  it("flags a bundle over 64 KB compressed", async () => {
    const noise = randomBytes(96 * 1024).toString("base64");
    const root = project({
      "extensions/heavy/shopify.extension.toml": [
        'api_version = "2026-07"',
        "[[extensions]]",
        'name = "Heavy"',
        'handle = "heavy"',
        'type = "ui_extension"',
        "[[extensions.targeting]]",
        'module = "./src/index.ts"',
        'target = "purchase.thank-you.block.render"',
      ].join("\n"),
      "extensions/heavy/src/index.ts": `export default async () => console.log(${JSON.stringify(noise)});`,
    });
    const [heavy] = findUiExtensions(root);
    if (!heavy) throw new Error("no heavy extension");

    const report = await bundleUiExtension(heavy, { appUrl: "https://replyloop.example.com" });

    expect(report.overLimit).toBe(true);
    expect(report.brotliBytes).toBeGreaterThan(BUNDLE_LIMIT_BYTES);
    expect(describeReport(report, root)).toContain("(OVER the 64 KB compressed limit)");
  });

  it("feeds esbuild the entry Shopify CLI generates: each target's default export, via shopify.extend", () => {
    const [survey] = findUiExtensions();
    if (!survey) throw new Error("no survey extension");
    expect(entryFor(survey).split("\n")).toEqual([
      "import Target_0 from './src/ThankYouSurvey.tsx';shopify.extend('purchase.thank-you.block.render', (...args) => Target_0(...args));",
      "import Target_1 from './src/OrderStatusSurvey.tsx';shopify.extend('customer-account.order-status.block.render', (...args) => Target_1(...args));",
    ]);
  });

  it("refuses an extension on an API version before 2025-10 and a toml without targets", () => {
    const old = project({
      "extensions/old/shopify.extension.toml":
        'api_version = "2025-07"\n[[extensions]]\nhandle = "old"\ntype = "ui_extension"\n[[extensions.targeting]]\nmodule = "./a.ts"\ntarget = "purchase.thank-you.block.render"\n',
    });
    const [extension] = findUiExtensions(old);
    if (!extension) throw new Error("not found");
    expect(() => entryFor(extension)).toThrow("api_version 2025-07 is before 2025-10");

    const broken = project({
      "extensions/broken/shopify.extension.toml":
        'api_version = "2026-07"\n[[extensions]]\nhandle = "broken"\ntype = "ui_extension"\n',
    });
    expect(() => findUiExtensions(broken)).toThrow(
      /extensions\/broken\/shopify.extension.toml: .*targeting/s,
    );
  });
});
