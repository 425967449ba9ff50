// npm run bench:winback — the win-back scan on 100,000 customers (SQLite, like `npm start`), against
// a naive full-table scan as the baseline, each in its own process on its own copy of the same
// seeded database (scripts/bench/winback-run.ts). About 1 % of the customers are due (a day's
// worth: customers whose last order is spread over two years, with a 90-day threshold). Both take
// the same customers and hand them to the same engine; what differs is how they are found: the
// scan reads the (shop, winbackDueAt) index, the baseline reads every customer. Figures: time per
// tick (a tick takes up to 1,000 customers), per due customer, and the finding alone; the ratio is
// baseline ÷ scan. BENCH_CUSTOMERS changes the size.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "../db/deploy.ts";
import { projectRoot } from "../db/prisma-cli.ts";
import { appScriptArgs, appScriptEnv } from "./app-script.ts";

type Run = { ticks: number[]; claimed: number; entered: number; findMs: number };

function run(mode: "seed" | "scan" | "baseline", databaseUrl: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, appScriptArgs("scripts/bench/winback-run.ts"), {
    cwd: projectRoot,
    env: appScriptEnv(databaseUrl, {
      BENCH_MODE: mode,
      ...(process.env.BENCH_CUSTOMERS ? { BENCH_CUSTOMERS: process.env.BENCH_CUSTOMERS } : {}),
    }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("BENCH "));
  if (child.status !== 0 || !line)
    throw new Error(`bench ${mode} failed (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
  return JSON.parse(line.slice("BENCH ".length)) as Record<string, unknown>;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-bench-winback-"));
try {
  const seeded = path.join(dir, "seeded.sqlite");
  deployMigrations(`file:${seeded}`);
  const seedStart = Date.now();
  const { customers, due } = run("seed", `file:${seeded}`) as { customers: number; due: number };
  console.log(
    `bench:winback — ${customers.toLocaleString("en")} customers, ${due.toLocaleString("en")} due (${((due / customers) * 100).toFixed(1)} %), threshold 90 days, SQLite, ${os.cpus().length} cores (seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s)`,
  );
  const figures: Record<string, Run> = {};
  for (const mode of ["scan", "baseline"] as const) {
    const copy = path.join(dir, `${mode}.sqlite`);
    fs.copyFileSync(seeded, copy);
    figures[mode] = run(mode, `file:${copy}`) as Run;
  }
  const line = (label: string, r: Run) => {
    const total = r.ticks.reduce((a, b) => a + b, 0);
    return `${label.padEnd(34)} ${String(r.ticks.length).padStart(3)} tick(s)   ${(total / r.ticks.length).toFixed(0).padStart(6)} ms/tick   ${(total / r.claimed).toFixed(2).padStart(6)} ms per due customer   finding them ${r.findMs.toFixed(1).padStart(7)} ms   (${r.claimed} taken, ${r.entered} entered)`;
  };
  const scan = figures.scan!;
  const base = figures.baseline!;
  console.log(line("scan (index on shop, winbackDueAt)", scan));
  console.log(line("baseline (full-table scan)", base));
  const sum = (r: Run) => r.ticks.reduce((a, b) => a + b, 0);
  console.log(
    `ratio baseline ÷ scan: ${(sum(base) / sum(scan)).toFixed(2)}× per tick, ${(base.findMs / scan.findMs).toFixed(0)}× for finding the due customers`,
  );
  if (scan.claimed !== base.claimed || scan.entered !== base.entered)
    throw new Error("the scan and the baseline did not take the same customers");
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
