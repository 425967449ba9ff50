// A throw-away PostgreSQL cluster from the installed server binaries, as scripts/with-postgres.sh
// starts one: initdb in a temporary folder, a free local port, removed again on stop().
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest /usr/lib/postgresql/<version>/bin, or null when the server binaries are not installed. */
export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin/initdb")))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(base, newest, "bin") : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type Cluster = { url: string; stop(): void };

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin)
    throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-topology-pg-"));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: run the cluster as the postgres user, as with-postgres.sh does.
  const run = (command: string) =>
    root
      ? execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: "pipe" })
      : execFileSync("sh", ["-c", command], { stdio: "pipe" });
  if (root) execFileSync("chown", ["postgres", dir]);
  run(`${bin}/initdb -D ${dir}/data -U postgres -A trust --no-sync`);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  run(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w -o "${options}" start`);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(`${bin}/pg_ctl -D ${dir}/data -m immediate stop`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
