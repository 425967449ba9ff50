// The throw-away databases the benchmarks run on: a SQLite file in a temporary folder, or a new
// database on the PostgreSQL server of TEST_DATABASE_URL (scripts/with-postgres.sh starts one).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type BenchDatabaseKind = "sqlite" | "postgresql";

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database of that kind (its name starts with `prefix`), and how to drop it afterwards. */
export async function freshDatabase(kind: BenchDatabaseKind, prefix: string) {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `replyloop-${prefix}-`));
    return {
      url: `file:${path.join(dir, "bench.sqlite")}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set (run under scripts/with-postgres.sh)");
  const name = `${prefix}_${randomUUID().replaceAll("-", "")}`;
  await withPg(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withPg(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
