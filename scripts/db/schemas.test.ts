import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaPaths, toPostgresSchema, toSqliteSchema } from "./schemas";

const { postgresSchema: postgresSchemaPath, sqliteSchema: sqliteSchemaPath } = schemaPaths();

describe("the PostgreSQL schema", () => {
  const source = fs.readFileSync(sqliteSchemaPath, "utf8");

  it("is exactly what the generator makes of prisma/schema.prisma (never edited by hand; run npm run db:migration)", () => {
    expect(fs.readFileSync(postgresSchemaPath, "utf8")).toBe(toPostgresSchema(source));
  });

  it("differs from the source only in provider and client output, and converts back", () => {
    const generated = toPostgresSchema(source);
    expect(generated).toContain('provider = "postgresql"');
    expect(generated).not.toContain('provider = "sqlite"');
    expect(generated).toContain("node_modules/.prisma/postgres");
    expect(toSqliteSchema(generated)).toBe(source);
  });
});
