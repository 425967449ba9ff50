// `npm run build:extensions`: bundles every UI extension under extensions/ offline, the way
// `shopify app build` does (which needs a Partner login): the esbuild that Shopify CLI itself ships,
// the same entry (one `shopify.extend()` per target), target "es6", automatic JSX, minified, no legal
// comments, `process.env.NODE_ENV` and `process.env.APP_URL` replaced. Writes
// extensions/<handle>/dist/<handle>.js (+ .metafile.json, as the CLI does), prints the size, and
// exits non-zero when a bundle is over Shopify's limit for UI extensions on 2025-10 and later: 64 KB
// compressed (measured with Brotli at quality 11 like the CLI, and with gzip; both must fit).
//
// The app URL baked in: --app-url, else APP_URL, else shopify.app.toml's application_url.
// --outdir DIR writes DIR/<handle>.js instead (the tests and the sandbox build their own copies).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { parse } from "smol-toml";
import { z } from "zod";
import type * as Esbuild from "esbuild";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const BUNDLE_LIMIT_BYTES = 64 * 1024;

// The root node_modules/esbuild is Remix's (0.17); bundle with the CLI's own copy instead.
const fromCli = createRequire(createRequire(import.meta.url).resolve("@shopify/cli/package.json"));
const esbuild = fromCli("esbuild") as typeof Esbuild;

const extensionToml = z.object({
  api_version: z.string().regex(/^\d{4}-\d{2}$/),
  extensions: z
    .array(
      z.object({
        type: z.string(),
        handle: z.string().regex(/^[a-z0-9-]{1,30}$/),
        targeting: z.array(z.object({ target: z.string(), module: z.string().startsWith("./") })).min(1),
      }),
    )
    .length(1),
});

export interface UiExtension {
  dir: string;
  handle: string;
  apiVersion: string;
  targets: { target: string; module: string }[];
}

export interface BundleReport {
  handle: string;
  outfile: string;
  rawBytes: number;
  brotliBytes: number;
  gzipBytes: number;
  overLimit: boolean;
}

/** The UI extensions (`type = "ui_extension"`) under `root`/extensions. Flow extensions have no code. */
export function findUiExtensions(root = projectRoot): UiExtension[] {
  const base = path.join(root, "extensions");
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .map((name) => path.join(base, name, "shopify.extension.toml"))
    .filter((file) => fs.existsSync(file))
    .flatMap((file) => {
      const raw = parse(fs.readFileSync(file, "utf8"));
      if (!(Array.isArray(raw.extensions) && raw.extensions.some((e) => isUi(e)))) return [];
      const result = extensionToml.safeParse(raw);
      if (!result.success) throw new Error(`${path.relative(root, file)}: ${z.prettifyError(result.error)}`);
      const [extension] = result.data.extensions;
      if (!extension) return [];
      return [
        {
          dir: path.dirname(file),
          handle: extension.handle,
          apiVersion: result.data.api_version,
          targets: extension.targeting,
        },
      ];
    });
}

const isUi = (e: unknown) => typeof e === "object" && e !== null && "type" in e && e.type === "ui_extension";

/** shopify.app.toml's application_url. */
export function applicationUrl(root = projectRoot): string {
  const raw = parse(fs.readFileSync(path.join(root, "shopify.app.toml"), "utf8"));
  return z.url().parse(raw.application_url);
}

/** What the CLI feeds esbuild: from 2025-10 on, the host calls each target's default export. */
export function entryFor(extension: UiExtension): string {
  const [year = 0, month = 0] = extension.apiVersion.split("-").map(Number);
  const callsDefault = year > 2025 || (year === 2025 && month >= 10);
  if (!callsDefault)
    throw new Error(`${extension.handle}: api_version ${extension.apiVersion} is before 2025-10`);
  return extension.targets
    .map(
      ({ target, module }, i) =>
        `import Target_${i} from '${module}';shopify.extend('${target}', (...args) => Target_${i}(...args));`,
    )
    .join("\n");
}

export function compressedSizes(code: Uint8Array) {
  const brotli = zlib.brotliCompressSync(code, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  const gzip = zlib.gzipSync(code, { level: 9 });
  return { brotliBytes: brotli.byteLength, gzipBytes: gzip.byteLength };
}

export async function bundleUiExtension(
  extension: UiExtension,
  options: { appUrl: string; outdir?: string },
): Promise<BundleReport> {
  const outdir = options.outdir ?? path.join(extension.dir, "dist");
  const outfile = path.join(outdir, `${extension.handle}.js`);
  const result = await esbuild.build({
    stdin: { contents: entryFor(extension), resolveDir: extension.dir, loader: "tsx" },
    outfile,
    bundle: true,
    define: {
      "process.env.NODE_ENV": JSON.stringify("production"),
      "process.env.APP_URL": JSON.stringify(options.appUrl),
    },
    jsx: "automatic",
    loader: { ".esnext": "ts", ".js": "jsx" },
    legalComments: "none",
    minify: true,
    target: "es6",
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs", ".ejs"],
    metafile: true,
    logLevel: "silent",
  });
  fs.writeFileSync(path.join(outdir, `${extension.handle}.metafile.json`), JSON.stringify(result.metafile));
  const code = fs.readFileSync(outfile);
  const sizes = compressedSizes(code);
  return {
    handle: extension.handle,
    outfile,
    rawBytes: code.byteLength,
    ...sizes,
    overLimit: Math.max(sizes.brotliBytes, sizes.gzipBytes) > BUNDLE_LIMIT_BYTES,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function describe(report: BundleReport, root = projectRoot): string {
  const sizes = `${kb(report.rawBytes)} raw, ${kb(report.brotliBytes)} brotli, ${kb(report.gzipBytes)} gzip`;
  const verdict = report.overLimit ? "OVER the 64 KB compressed limit" : "under the 64 KB compressed limit";
  return `${report.handle}: ${path.relative(root, report.outfile)} ${sizes} (${verdict})`;
}

async function main(argv: string[]) {
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const appUrl = z.url().parse(option("--app-url") ?? process.env.APP_URL ?? applicationUrl());
  const outdir = option("--outdir");
  const reports = [];
  for (const extension of findUiExtensions()) {
    const report = await bundleUiExtension(extension, { appUrl, outdir });
    console.log(describe(report));
    reports.push(report);
  }
  console.log(`app URL in the bundles: ${appUrl}`);
  if (reports.some((r) => r.overLimit)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
