// Generates both Prisma clients: SQLite into node_modules/.prisma/client (what @prisma/client
// loads), PostgreSQL into node_modules/.prisma/postgres. Offline; about a second each.
import { prisma } from "./prisma-cli.ts";
import { schemaPaths } from "./schemas.ts";

export function generateClients() {
  const { sqliteSchema, postgresSchema } = schemaPaths();
  // Generation reads no database; the config only needs some URL.
  for (const schema of [sqliteSchema, postgresSchema]) {
    prisma(["generate", "--no-hints", `--schema=${schema}`], { databaseUrl: "file:./prisma/dev.sqlite" });
  }
}

if (import.meta.main) generateClients();
