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
  /** Columns whose values are JSON text, cast to `jsonb` on PostgreSQL. */
  jsonColumns?: readonly string[];
  /** The unique columns on which a row that is already there is skipped. */
  conflict: readonly string[];
  returning: string;
};

/** Column names as a quoted, comma-separated list. */
const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

function insertSql(spec: InsertSpec, values: string) {
  return (
    `INSERT INTO "${spec.table}" (${quoted(spec.columns)}) VALUES ${values} ` +
    `ON CONFLICT (${quoted(spec.conflict)}) DO NOTHING RETURNING "${spec.returning}"`
  );
}

const castsOf = (spec: InsertSpec) =>
  spec.columns.map((column) => (spec.jsonColumns?.includes(column) ? "jsonb" : null));

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
    const values = valuesList(session.kind, rows.slice(i, i + BULK_ROWS), castsOf(spec));
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
 * A statement's parameters, collected as its text is written: `p(value)` adds the value and returns
 * its placeholder, so a value used twice is given twice (better-sqlite3 binds `?` by position only).
 */
export function parameters(kind: DatabaseKind) {
  const values: unknown[] = [];
  const p = (value: unknown) => {
    values.push(value);
    return placeholder(kind, values.length);
  };
  /** A Json column's value: its text, cast on PostgreSQL. */
  const json = (value: unknown) => {
    const at = p(JSON.stringify(value));
    return kind === "postgresql" ? `CAST(${at} AS jsonb)` : at;
  };
  return { p, json, values };
}

/** How a statement of a guarded change is written (see GuardedChange). */
export interface ChangeText {
  readonly kind: DatabaseKind;
  /** Adds a parameter; returns its placeholder. Call in the order the text is written (SQLite). */
  p(value: unknown): string;
  /** A Json column's value: its text, cast on PostgreSQL. */
  json(value: unknown): string;
  /** A condition true only if the guard changed a row: every following statement has it in its WHERE. */
  readonly guarded: string;
}

/** One statement of a guarded change, written for the form it runs in. */
export type ChangeStatement = (text: ChangeText) => string;

/**
 * Writes that happen only if the first of them — the guard, an `UPDATE … RETURNING` — changed a
 * row, all or nothing. A direct driver runs them as one statement on PostgreSQL (the rest as
 * data-modifying WITH queries: one round trip, no BEGIN/COMMIT) and as a transaction on SQLite
 * (`changeInSession`). The statements must change different rows (PostgreSQL applies only one
 * change to a row within one statement).
 */
export type GuardedChange = { guard: ChangeStatement; then: readonly ChangeStatement[] };

function changeText(kind: DatabaseKind, guarded: string) {
  const { p, json, values } = parameters(kind);
  return { text: { kind, p, json, guarded }, values };
}

/** A guarded change as statements of a session's transaction: true if the guard changed a row. */
export async function changeInSession(session: SqlSession, change: GuardedChange): Promise<boolean> {
  const first = changeText(session.kind, "TRUE");
  const changed = await session.query(change.guard(first.text), first.values);
  if (changed.length === 0) return false;
  for (const statement of change.then) {
    const next = changeText(session.kind, "TRUE");
    await session.query(statement(next.text), next.values);
  }
  return true;
}

/** A guarded change as one PostgreSQL statement, which returns the guard's row count as "n". */
export function changeAsOneStatement(change: GuardedChange): { sql: string; params: unknown[] } {
  const { text, values } = changeText("postgresql", `EXISTS (SELECT 1 FROM "guard")`);
  const queries = [`"guard" AS (${change.guard(text)})`];
  change.then.forEach((statement, i) => queries.push(`"then_${i + 1}" AS (${statement(text)})`));
  return { sql: `WITH ${queries.join(",\n")}\nSELECT count(*) AS "n" FROM "guard"`, params: values };
}

/**
 * `UPDATE table SET … WHERE "id" = id` for the columns of `change` whose value is defined (values as
 * JavaScript values, like every statement of a session). No column: no statement.
 */
export async function updateById(
  session: Pick<SqlSession, "kind" | "query">,
  table: string,
  id: string,
  change: Record<string, unknown>,
): Promise<void> {
  const { p, values } = parameters(session.kind);
  const sets = Object.entries(change).flatMap(([column, value]) =>
    value === undefined ? [] : [`"${column}" = ${p(value)}`],
  );
  if (sets.length === 0) return;
  await session.query(`UPDATE "${table}" SET ${sets.join(", ")} WHERE "id" = ${p(id)}`, values);
}

/** One row to insert: its values by column (JSON columns take their text, cast on PostgreSQL). */
export type RowInsert = { table: string; row: Record<string, unknown>; jsonColumns?: readonly string[] };

/**
 * One row's INSERT in a guarded change: `INSERT … SELECT … WHERE guarded` (the column types give
 * the parameters theirs on PostgreSQL). A row that breaks a unique index fails the whole change.
 */
export function insertRow(text: ChangeText, insert: RowInsert): string {
  return insertRowWhere(text, insert, () => text.guarded);
}

/**
 * `INSERT … SELECT <the row's values> WHERE <condition>`: the row is inserted only if the condition
 * holds. `condition` is written after the values, so its parameters follow theirs (SQLite binds `?`
 * by position).
 */
export function insertRowWhere(
  text: Pick<ChangeText, "kind" | "p">,
  insert: RowInsert,
  condition: () => string,
): string {
  const cells = Object.entries(insert.row).map(([column, value]) =>
    insert.jsonColumns?.includes(column) && text.kind === "postgresql"
      ? `CAST(${text.p(value)} AS jsonb)`
      : text.p(value),
  );
  return (
    `INSERT INTO "${insert.table}" (${quoted(Object.keys(insert.row))}) ` +
    `SELECT ${cells.join(", ")} WHERE ${condition()}`
  );
}

/**
 * A multi-row `VALUES` list: one tuple per row, every value a parameter (PostgreSQL casts given per
 * column, e.g. `jsonb`). Returns the SQL and the parameters in order.
 */
function valuesList(
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

/**
 * A DateTime column as a direct session returns it: ISO text on SQLite (as Prisma stores it), a
 * Date on PostgreSQL (read as UTC, direct.server.ts). Null stays null.
 */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new Error(`not a stored date: ${JSON.stringify(value)}`);
  return date;
}

/** A Json column as a direct session returns it: text on SQLite, parsed already on PostgreSQL. */
export function jsonOf(kind: DatabaseKind, value: unknown): unknown {
  if (kind === "sqlite" && typeof value === "string") return JSON.parse(value) as unknown;
  return value ?? null;
}

/** A text column (null when absent); anything else in it is a schema mismatch. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") throw new Error(`not a stored text: ${typeof value}`);
  return value;
}

/** A NOT NULL text column; empty means the statement and the schema disagree (`what` names the reader). */
export function requiredTextOf(value: unknown, what: string): string {
  const text = textOf(value);
  if (text === null) throw new Error(`${what}: a required column is empty`);
  return text;
}

/** A NOT NULL DateTime column (see requiredTextOf). */
export function requiredDateOf(value: unknown, what: string): Date {
  const date = dateOf(value);
  if (date === null) throw new Error(`${what}: a required column is empty`);
  return date;
}

/** A Boolean column: 0/1 on SQLite, a boolean on PostgreSQL. */
export const boolOf = (value: unknown): boolean => value === true || value === 1 || value === 1n;

/** An integer (a count, an Int column): PostgreSQL's bigint counts arrive as text. */
export function intOf(value: unknown): number {
  const n = typeof value === "bigint" ? Number(value) : Number(value ?? 0);
  if (!Number.isFinite(n)) throw new Error(`not a stored number: ${String(value)}`);
  return n;
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
