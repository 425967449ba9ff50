// `npm run db:migration -- NAME` on a changed schema: one migration per database, written offline
// (no database server involved), and both apply.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deployMigrations } from "../scripts/db/deploy";
import { createMigration } from "../scripts/db/migration";
import { schemaPaths } from "../scripts/db/schemas";
import { adminQuery, withDatabase } from "./setup/global";

const project = schemaPaths();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-migration-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A copy of the project's Prisma setup, so the test never touches the real migration history. */
function copyProject() {
  const root = fs.mkdtempSync(path.join(scratch, "project-"));
  fs.cpSync(path.join(project.root, "prisma"), path.join(root, "prisma"), { recursive: true });
  fs.cpSync(path.join(project.root, "prisma.config.ts"), path.join(root, "prisma.config.ts"));
  fs.mkdirSync(path.join(root, "app/db"), { recursive: true });
  fs.cpSync(path.join(project.root, "app/db/database-url.ts"), path.join(root, "app/db/database-url.ts"));
  fs.symlinkSync(path.join(project.root, "node_modules"), path.join(root, "node_modules"));
  return root;
}

describe("npm run db:migration", () => {
  const root = copyProject();
  const paths = schemaPaths(root);
  const schema = fs.readFileSync(paths.sqliteSchema, "utf8");
  fs.writeFileSync(
    paths.sqliteSchema,
    schema.replace("model Shop {\n", "model Shop {\n  testAdd       String?\n"),
  );
  const result = createMigration("test_add", {
    root,
    generate: false,
    now: new Date("2099-01-01T00:00:00Z"),
  });

  it("writes a migration for each database and regenerates the PostgreSQL schema", () => {
    expect(result).toEqual({ created: true, folder: "20990101000000_test_add" });
    const sqlite = fs.readFileSync(
      path.join(paths.sqliteMigrations, "20990101000000_test_add/migration.sql"),
      "utf8",
    );
    const postgres = fs.readFileSync(
      path.join(paths.postgresMigrations, "20990101000000_test_add/migration.sql"),
      "utf8",
    );
    expect(sqlite).toMatch(/ALTER TABLE "Shop" ADD COLUMN "testAdd" TEXT/);
    expect(postgres).toMatch(/ALTER TABLE "Shop" ADD COLUMN\s+"testAdd" TEXT/);
    expect(fs.readFileSync(paths.postgresSchema, "utf8")).toContain("testAdd");
  });

  it("writes nothing when the schema did not change since", () => {
    expect(createMigration("again", { root, generate: false })).toEqual({ created: false });
  });

  it("applies on SQLite", async () => {
    const file = path.join(root, "applied.sqlite");
    deployMigrations(`file:${file}`, root);
    const Database = (await import("better-sqlite3")).default;
    const columns = new Database(file).prepare(`PRAGMA table_info("Shop")`).all() as { name: string }[];
    expect(columns.map((c) => c.name)).toContain("testAdd");
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("applies on PostgreSQL", async () => {
    const server = process.env.TEST_DATABASE_URL ?? "";
    const name = `replyloop_migration_${Date.now().toString(36)}`;
    await adminQuery(server, `CREATE DATABASE "${name}"`);
    try {
      deployMigrations(withDatabase(server, name), root);
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: withDatabase(server, name) });
      await client.connect();
      const { rows } = await client.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'Shop'`,
      );
      await client.end();
      expect(rows.map((r: { column_name: string }) => r.column_name)).toContain("testAdd");
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
