// Applies pending migrations to DATABASE_URL (SQLite or PostgreSQL, each with its own history).
// `npm run db:deploy`; `npm start` runs it first. Loads .env when present.
import fs from "node:fs";
import path from "node:path";
import { databaseKind, sqlitePath } from "../../app/db/database-url.ts";
import { prisma, projectRoot } from "./prisma-cli.ts";

/** Applies the migrations of `root` (default: this project) to the database. */
export function deployMigrations(databaseUrl: string, root = projectRoot) {
  if (databaseKind(databaseUrl) === "sqlite") {
    const file = sqlitePath(databaseUrl);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    databaseUrl = `file:${file}`;
  }
  return prisma(["migrate", "deploy"], { databaseUrl, root }).stdout;
}

if (import.meta.main) {
  const dotEnv = path.join(projectRoot, ".env");
  if (fs.existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set (see .env.example)");
    process.exit(1);
  }
  const out = deployMigrations(url);
  console.log(
    out
      .split("\n")
      .filter((l) => /migration|applied|No pending/i.test(l))
      .join("\n"),
  );
}
