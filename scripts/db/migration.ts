// `npm run db:migration -- <name>`: writes one migration for each database from a change to
// prisma/schema.prisma, offline and without any database server.
//
// How: prisma/postgres/schema.prisma is the snapshot of the last migrated datamodel (it is only ever
// written here). We diff that snapshot (as SQLite, and as PostgreSQL) against the new source with
// `prisma migrate diff --from-schema-datamodel … --to-schema-datamodel … --script`, a pure
// schema-to-schema comparison, then regenerate the snapshot and both clients.
// (`migrate dev` cannot be used: on SQLite its shadow replay fails on multi-statement files, and on
// PostgreSQL it needs a running server. See docs/decisions/0001-prisma-6-driver-adapters.md.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateClients } from "./generate.ts";
import { prisma } from "./prisma-cli.ts";
import { readIfExists, schemaPaths, toPostgresSchema, toSqliteSchema } from "./schemas.ts";

const EMPTY = /^\s*(--[^\n]*\n?)*\s*$/; // only comments: "-- This is an empty migration."

function write(dir: string, name: string, content: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function timestamp(now = new Date()) {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export function createMigration(
  name: string,
  options: { root?: string; now?: Date; generate?: boolean } = {},
) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Migration name must be lower_snake_case, got "${name}"`);
  const paths = schemaPaths(options.root);
  const source = fs.readFileSync(paths.sqliteSchema, "utf8");
  const lastPostgres = readIfExists(paths.postgresSchema);
  const nextPostgres = toPostgresSchema(source);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-migration-"));
  // Datamodel-to-datamodel diff; the provider comes from the files. The CLI still opens the
  // config's adapter, so it gets a throw-away SQLite file whatever the target engine.
  const diff = (from: string | undefined, toFile: string) => {
    const fromArgs =
      from === undefined
        ? ["--from-empty"]
        : ["--from-schema-datamodel", write(scratch, `from-${path.basename(toFile)}`, from)];
    const databaseUrl = `file:${path.join(scratch, "unused.sqlite")}`;
    return prisma(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", toFile, "--script"], {
      databaseUrl,
      root: paths.root,
    }).stdout;
  };
  try {
    const sqliteSql = diff(lastPostgres && toSqliteSchema(lastPostgres), paths.sqliteSchema);
    const postgresSql = diff(lastPostgres, write(scratch, "next-postgres.prisma", nextPostgres));
    if (EMPTY.test(sqliteSql) && EMPTY.test(postgresSql)) return { created: false as const };

    const folder = `${timestamp(options.now)}_${name}`;
    const histories = [
      { dir: paths.sqliteMigrations, sql: sqliteSql, provider: "sqlite" },
      { dir: paths.postgresMigrations, sql: postgresSql, provider: "postgresql" },
    ];
    for (const { dir, sql, provider } of histories) {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, folder, "migration.sql"), sql);
      fs.writeFileSync(
        path.join(dir, "migration_lock.toml"),
        `# Written by npm run db:migration. Do not edit.\nprovider = "${provider}"\n`,
      );
    }
    fs.mkdirSync(path.dirname(paths.postgresSchema), { recursive: true });
    fs.writeFileSync(paths.postgresSchema, nextPostgres);
    if (options.generate !== false) generateClients();
    return { created: true as const, folder };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const name = process.argv[2];
  if (!name) {
    console.error("usage: npm run db:migration -- <name>");
    process.exit(1);
  }
  const result = createMigration(name);
  if (!result.created)
    console.log("prisma/schema.prisma has no changes since the last migration; nothing written.");
  else
    console.log(
      `Wrote prisma/migrations/${result.folder} and prisma/postgres/migrations/${result.folder}.\nApply with npm run db:deploy.`,
    );
}
