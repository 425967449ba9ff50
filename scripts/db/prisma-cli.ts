// Runs the Prisma 6.19 CLI offline: the JS schema engine with driver adapters needs no engine
// binaries, but the CLI still tries to download them unless these paths are set. The telemetry
// checkpoint is turned off so nothing leaves the machine.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(projectRoot, "node_modules/prisma/build/index.js");

export const offlinePrismaEnv = {
  PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  PRISMA_DISABLE_WARNINGS: "1",
};

export type PrismaRun = { status: number; stdout: string; stderr: string };

/**
 * Runs `prisma <args>` with DATABASE_URL set, in `root` (whose prisma.config.ts applies), returning
 * its output; throws on failure unless `allowFailure`.
 */
export function prisma(
  args: string[],
  opts: { databaseUrl: string; allowFailure?: boolean; root?: string },
): PrismaRun {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: opts.root ?? projectRoot,
    env: { ...process.env, ...offlinePrismaEnv, DATABASE_URL: opts.databaseUrl },
    encoding: "utf8",
  });
  const result = { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
  if (result.status !== 0 && !opts.allowFailure) {
    throw new Error(
      `prisma ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}
