// `npm install` runs this (postinstall): both Prisma clients generated, and the local SQLite
// database (DATABASE_URL from .env, else prisma/dev.sqlite) migrated, so the app is ready to run.
import fs from "node:fs";
import path from "node:path";
import { databaseKind } from "../app/db/database-url.ts";
import { deployMigrations } from "./db/deploy.ts";
import { generateClients } from "./db/generate.ts";
import { projectRoot } from "./db/prisma-cli.ts";

const started = Date.now();
generateClients();

const dotEnv = path.join(projectRoot, ".env");
if (fs.existsSync(dotEnv)) process.loadEnvFile(dotEnv);
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
if (databaseKind(url) === "sqlite") {
  deployMigrations(url);
  console.log(`replyloop: Prisma clients generated, ${url} migrated (${Date.now() - started} ms)`);
} else {
  console.log(`replyloop: Prisma clients generated; run npm run db:deploy to migrate ${new URL(url).host}`);
}
