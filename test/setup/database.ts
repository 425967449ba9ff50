// A fresh, migrated database for this test file: a copy of the SQLite template, or a PostgreSQL
// database cloned from the migrated template when the project runs against PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { adminQuery, withDatabase } from "./global";

const engine = process.env.TEST_DB_ENGINE === "postgresql" ? "postgresql" : "sqlite";
const runId = inject("runId");

if (engine === "postgresql") {
  const server = process.env.TEST_DATABASE_URL;
  const template = inject("postgresTemplate");
  if (!server || !template) throw new Error("PostgreSQL project without TEST_DATABASE_URL or template");
  const name = `replyloop_t_${runId}_${randomUUID().slice(0, 8)}`;
  await adminQuery(server, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  process.env.DATABASE_URL = withDatabase(server, name);
} else {
  const template = inject("sqliteTemplate");
  const file = path.join(path.dirname(template), `${randomUUID()}.sqlite`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}
