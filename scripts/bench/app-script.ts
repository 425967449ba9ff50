// A bench script that imports the app (the engine, the sender, the queue) runs in a process of its
// own under vite-node, on one database, with .env.example's safe settings: the command and the
// environment every bench starts one with.
import path from "node:path";
import { projectRoot } from "../db/prisma-cli.ts";
import { readEnvExample } from "../env-example.ts";

/** The arguments for `process.execPath` that run `script` (a path from the project root). */
export function appScriptArgs(script: string): string[] {
  return [
    path.join(projectRoot, "node_modules/vite-node/vite-node.mjs"),
    "--config",
    "vite-node.config.ts",
    script,
  ];
}

/**
 * The script's environment: production, errors only, on `databaseUrl`, plus `extra`. With
 * BENCH_CPU_PROF=<dir>, each such process writes a CPU profile there when it exits (node --cpu-prof).
 */
export function appScriptEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const profiles = process.env.BENCH_CPU_PROF;
  return {
    PATH: process.env.PATH,
    ...(profiles ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(profiles)}` } : {}),
    ...readEnvExample(),
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "error",
    ...extra,
  };
}
