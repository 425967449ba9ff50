// A SQL session: the one shape raw statements are written against, whether they run in a Prisma
// interactive transaction (`prismaSession`) or in a transaction of the direct driver
// (./direct.server.ts). Values are given as JavaScript values; each session writes them the way
// Prisma does for that engine, so rows written either way read back the same through Prisma.
import type { DatabaseKind } from "./database-url";

export type SqlRow = Record<string, unknown>;

export interface SqlSession {
  readonly kind: DatabaseKind;
  /** Runs one statement; returns its rows (empty for a statement without RETURNING). */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
}

/** The placeholder of the `n`th parameter (1-based). */
export const placeholder = (kind: DatabaseKind, n: number) => (kind === "postgresql" ? `$${n}` : "?");

/**
 * A multi-row `VALUES` list: one tuple per row, every value a parameter (PostgreSQL casts given per
 * column, e.g. `jsonb`). Returns the SQL and the parameters in order.
 */
export function valuesList(
  kind: DatabaseKind,
  rows: readonly (readonly unknown[])[],
  casts: readonly (string | null)[] = [],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = row.map((value, i) => {
      params.push(value);
      const p = placeholder(kind, params.length);
      const cast = casts[i];
      return kind === "postgresql" && cast ? `CAST(${p} AS ${cast})` : p;
    });
    return `(${cells.join(", ")})`;
  });
  return { sql: tuples.join(", "), params };
}

/** A DateTime as Prisma's SQLite adapter stores it (ISO 8601, "+00:00"), so text comparisons agree. */
export const sqliteDateTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

/** The value a driver is given: dates as UTC text, booleans as 0/1 on SQLite. */
export function driverValue(kind: DatabaseKind, value: unknown): unknown {
  if (value instanceof Date) return kind === "sqlite" ? sqliteDateTime(value) : value.toISOString();
  if (typeof value === "boolean" && kind === "sqlite") return value ? 1 : 0;
  return value;
}

type RawQueryable = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

/** A Prisma client or interactive transaction as a session (Prisma maps the values itself). */
export function prismaSession(kind: DatabaseKind, tx: RawQueryable): SqlSession {
  return {
    kind,
    async query(sql, params = []) {
      const rows = await tx.$queryRawUnsafe<unknown>(sql, ...params);
      return Array.isArray(rows) ? rows.filter(isRow) : [];
    },
  };
}

function isRow(value: unknown): value is SqlRow {
  return typeof value === "object" && value !== null;
}
