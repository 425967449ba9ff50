// Node module hooks for test/imports/first.ts: resolve the app's extensionless relative imports
// to .ts/.tsx files, and give every module of one round the round's query, so each round loads a
// fresh copy of the app's module graph (packages in node_modules are shared).
import fs from "node:fs";
import type { ResolveHook } from "node:module";
import { fileURLToPath } from "node:url";

export const resolve: ResolveHook = async (specifier, context, next) => {
  const relative = specifier.startsWith("./") || specifier.startsWith("../");
  if (relative && context.parentURL?.startsWith("file:")) {
    const parent = new URL(context.parentURL);
    const candidates = /\.[cm]?[jt]sx?$|\.json$/.test(specifier)
      ? [specifier]
      : [`${specifier}.ts`, `${specifier}.tsx`, specifier];
    for (const candidate of candidates) {
      const url = new URL(candidate, parent);
      if (!fs.existsSync(fileURLToPath(url))) continue;
      url.search = parent.search;
      return next(url.href, context);
    }
  }
  return next(specifier, context);
};
