// DATABASE_DIRECT_CONNECTIONS sizes the direct driver's PostgreSQL pool (webhook intake, sends,
// delivery reports), what an operator raises when a busy worker's sends queue for connections
// (decision 0017): the process then holds exactly that many, however many statements wait.
import { describe, expect, it } from "vitest";
import { createDatabase } from "../app/db.server";
import { parseEnv } from "../app/env.server";

const url = process.env.DATABASE_URL ?? "";
const postgres = url.startsWith("postgres");

/** The server process of each of `count` statements run at once, each holding its connection a while. */
async function backendsOf(connections: number, count: number) {
  const { db, direct } = createDatabase(url, { directConnections: connections });
  try {
    const rows = await Promise.all(
      Array.from({ length: count }, () =>
        direct.query(`SELECT pg_backend_pid() AS "pid", pg_sleep(0.05) IS NULL AS "slept"`),
      ),
    );
    return new Set(rows.map(([row]) => row?.pid));
  } finally {
    await direct.close();
    await db.$disconnect();
  }
}

describe.skipIf(!postgres)("the direct driver's connections (PostgreSQL)", () => {
  it("opens as many as configured and no more, and the default is 4", async () => {
    expect(await backendsOf(2, 12)).toHaveProperty("size", 2);
    expect(await backendsOf(6, 12)).toHaveProperty("size", 6);
    const { DATABASE_DIRECT_CONNECTIONS } = parseEnv({
      ...process.env,
      DATABASE_DIRECT_CONNECTIONS: undefined,
    });
    expect(await backendsOf(DATABASE_DIRECT_CONNECTIONS, 12)).toHaveProperty("size", 4);
  });
});

describe("DATABASE_DIRECT_CONNECTIONS", () => {
  it("refuses a count that is not a whole number from 1 to 64, by name", () => {
    for (const value of ["0", "65", "2.5", "many"])
      expect(() => parseEnv({ ...process.env, DATABASE_DIRECT_CONNECTIONS: value })).toThrow(
        /DATABASE_DIRECT_CONNECTIONS: /,
      );
  });
});
