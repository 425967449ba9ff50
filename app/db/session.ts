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
  /**
   * `INSERT … ON CONFLICT (conflict) DO NOTHING RETURNING returning` for every row (its values in
   * `columns` order); resolves with the `returning` values of the rows inserted, in order. A row
   * that conflicts with an earlier one of the same call is skipped too. Each session picks the
   * cheapest form for it: see `insertEachRow` and `insertInBulk`.
   */
  insertIgnoring(spec: InsertSpec, rows: readonly (readonly unknown[])[]): Promise<unknown[]>;
}

/** What `SqlSession.insertIgnoring` inserts. */
export type InsertSpec = {
  table: string;
  columns: readonly string[];
  /** PostgreSQL casts, by column (e.g. `jsonb`). */
  casts?: readonly (string | null)[];
  /** The unique columns on which a row that is already there is skipped. */
  conflict: readonly string[];
  returning: string;
};

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

function insertSql(spec: InsertSpec, values: string) {
  return (
    `INSERT INTO "${spec.table}" (${quoted(spec.columns)}) VALUES ${values} ` +
    `ON CONFLICT (${quoted(spec.conflict)}) DO NOTHING RETURNING "${spec.returning}"`
  );
}

/** Rows per statement of `insertInBulk` (PostgreSQL allows 65,535 parameters, SQLite 32,766). */
const BULK_ROWS = 500;

/**
 * One multi-row statement per BULK_ROWS rows: for a session where each statement is costly (a
 * network round trip, or Prisma's query compiler).
 */
export async function insertInBulk(
  session: Pick<SqlSession, "kind" | "query">,
  spec: InsertSpec,
  rows: readonly (readonly unknown[])[],
): Promise<unknown[]> {
  const returned: unknown[] = [];
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    const values = valuesList(session.kind, rows.slice(i, i + BULK_ROWS), spec.casts);
    const inserted = await session.query(insertSql(spec, values.sql), values.params);
    for (const row of inserted) returned.push(row[spec.returning]);
  }
  return returned;
}

/**
 * The same single-row statement run once per row: for better-sqlite3 in the same thread, where a
 * prepared statement costs no round trip, it is ~2× cheaper than one long statement (its
 * parameters and RETURNING rows cost more than the calls they save; measured in decision 0013).
 */
export async function insertEachRow(
  session: Pick<SqlSession, "kind" | "query">,
  spec: InsertSpec,
  rows: readonly (readonly unknown[])[],
): Promise<unknown[]> {
  const sql = insertSql(spec, `(${spec.columns.map((_, i) => placeholder(session.kind, i + 1)).join(", ")})`);
  const returned: unknown[] = [];
  for (const row of rows) {
    const [inserted] = await session.query(sql, row);
    if (inserted) returned.push(inserted[spec.returning]);
  }
  return returned;
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
  const session: SqlSession = {
    kind,
    async query(sql, params = []) {
      const rows = await tx.$queryRawUnsafe<unknown>(sql, ...params);
      return Array.isArray(rows) ? rows.filter(isRow) : [];
    },
    insertIgnoring: (spec, rows) => insertInBulk(session, spec, rows),
  };
  return session;
}

function isRow(value: unknown): value is SqlRow {
  return typeof value === "object" && value !== null;
}
