// Prisma CLI configuration: the JS schema engine with driver adapters, so migrations run offline
// (no engine binaries are downloaded). DATABASE_URL picks the engine, schema and migration history.
import { defineConfig } from "prisma/config";
import { databaseKind, sqlitePath } from "./app/db/database-url.ts";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const kind = databaseKind(url);

export default defineConfig({
  schema: kind === "postgresql" ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: kind === "postgresql" ? "prisma/postgres/migrations" : "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (kind === "postgresql") {
      const { PrismaPgForCli } = await import("./prisma/pg-cli-adapter.ts");
      return new PrismaPgForCli(url);
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}` });
  },
});
