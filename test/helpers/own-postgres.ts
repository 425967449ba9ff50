// A PostgreSQL server of a test file's own, for a test that stops and starts the server itself
// while the cluster the other test files share (scripts/with-postgres.sh) stays up: a throw-away
// cluster from the installed server binaries on a free local port, made the way
// scripts/with-postgres.sh makes one (as the postgres user when run as root), with the project's
// migrations deployed and pg-boss's schema installed, like the shared template (test/setup/global.ts).
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { deployMigrations } from "../../scripts/db/deploy.ts";

const run = promisify(execFile);

export type OwnPostgres = {
  /** The migrated database on it. */
  url: string;
  /** `pg_ctl stop`: "fast" ends every session (a restart, a failover), "immediate" pulls the plug. */
  stop(mode: "fast" | "immediate"): Promise<void>;
  /** `pg_ctl start`, resolving once the server accepts connections. */
  start(): Promise<void>;
  /** Stops the server for good and removes its files. */
  destroy(): Promise<void>;
};

function serverBinaries(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin/pg_ctl")))
    : [];
  const latest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!latest) throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql");
  return path.join(root, latest, "bin");
}

/** Runs a shell command as the postgres user (initdb and pg_ctl refuse root). */
async function asPostgres(command: string) {
  const asRoot = process.getuid?.() === 0;
  await (asRoot ? run("su", ["postgres", "-s", "/bin/sh", "-c", command]) : run("sh", ["-c", command]));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no free port")),
      );
    });
  });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = serverBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-own-pg-"));
  if (process.getuid?.() === 0) await run("chown", ["postgres", dir]);
  const port = await freePort();
  const data = path.join(dir, "data");
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const pgCtl = (args: string) => asPostgres(`${bin}/pg_ctl -D ${data} ${args} >/dev/null`);
  const server: OwnPostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/replyloop`,
    stop: (mode) => pgCtl(`-m ${mode} -w stop`),
    start: () => pgCtl(`-l ${dir}/log -w -o "${settings}" start`),
    async destroy() {
      await pgCtl("-m immediate stop").catch(() => undefined); // already stopped is fine
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await asPostgres(`${bin}/initdb -D ${data} -U postgres -A trust --no-sync >/dev/null`);
    await server.start();
    const admin = new pg.Client({ connectionString: server.url.replace(/\/replyloop$/, "/postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE replyloop").finally(() => admin.end());
    deployMigrations(server.url);
    const boss = new PgBoss({ connectionString: server.url, supervise: false, schedule: false });
    await boss.start();
    await boss.stop({ graceful: false });
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}
