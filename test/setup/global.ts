// Once per test run: a migrated template database per engine, copied (SQLite) or cloned
// (PostgreSQL `CREATE DATABASE … TEMPLATE`) for every test file by test/setup/database.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PgBoss } from "pg-boss";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "../../scripts/db/deploy.ts";

declare module "vitest" {
  export interface ProvidedContext {
    runId: string;
    sqliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-test-"));
  const sqliteTemplate = path.join(dir, "template.sqlite");
  deployMigrations(`file:${sqliteTemplate}`);

  let postgresTemplate: string | null = null;
  const server = process.env.TEST_DATABASE_URL;
  if (server && project.name === "integration-postgres") {
    postgresTemplate = `replyloop_tpl_${runId}`;
    await adminQuery(server, `CREATE DATABASE "${postgresTemplate}"`);
    deployMigrations(withDatabase(server, postgresTemplate));
    // pg-boss installs its schema on first start: do it once in the template, not in every test file.
    const boss = new PgBoss({
      connectionString: withDatabase(server, postgresTemplate),
      supervise: false,
      schedule: false,
    });
    await boss.start();
    await boss.stop({ graceful: false });
  }

  project.provide("runId", runId);
  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("postgresTemplate", postgresTemplate);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (server && postgresTemplate) {
      const { rows } = await adminQuery(
        server,
        `SELECT datname FROM pg_database WHERE datname LIKE 'replyloop_%_${runId}%'`,
      );
      for (const row of rows as { datname: string }[]) {
        await adminQuery(server, `DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      }
    }
  };
}

export function withDatabase(serverUrl: string, database: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
