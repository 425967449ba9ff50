// The PostgreSQL schema is derived from the SQLite source schema: same models, other provider, and
// its client generated to its own folder. Pure functions, unit-tested in schemas.test.ts.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./prisma-cli.ts";

/** Where the schemas and migration histories of a project live. */
export function schemaPaths(root = projectRoot) {
  return {
    root,
    sqliteSchema: path.join(root, "prisma/schema.prisma"),
    postgresSchema: path.join(root, "prisma/postgres/schema.prisma"),
    sqliteMigrations: path.join(root, "prisma/migrations"),
    postgresMigrations: path.join(root, "prisma/postgres/migrations"),
  };
}

const GENERATED_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:migration`. Do not edit by hand.\n";
// Relative to prisma/postgres/: the client lands in node_modules/.prisma/postgres (loaded by app/db.server.ts).
const POSTGRES_OUTPUT = '  output     = "../../node_modules/.prisma/postgres"\n';

export function toPostgresSchema(sqliteSource: string): string {
  const provider = /provider\s*=\s*"sqlite"/;
  const engineType = /(engineType\s*=\s*"client"\n)/;
  if (!provider.test(sqliteSource)) throw new Error('prisma/schema.prisma must declare provider = "sqlite"');
  if (!engineType.test(sqliteSource))
    throw new Error('prisma/schema.prisma must declare engineType = "client"');
  return (
    GENERATED_HEADER +
    sqliteSource.replace(provider, 'provider = "postgresql"').replace(engineType, `$1${POSTGRES_OUTPUT}`)
  );
}

/** The inverse, used to rebuild the last migrated SQLite datamodel from the last generated PostgreSQL one. */
export function toSqliteSchema(postgresSource: string): string {
  return postgresSource
    .replace(GENERATED_HEADER, "")
    .replace(POSTGRES_OUTPUT, "")
    .replace(/provider\s*=\s*"postgresql"/, 'provider = "sqlite"');
}

export function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}
