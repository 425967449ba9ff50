// The direct driver: transactions that skip Prisma's query compiler, for the one hot write path
// where carrying every argument through WebAssembly dominates (the event log, decision 0013).
//
// - SQLite: Prisma's own better-sqlite3 connection, under decision 0004's lock. Taking the lock
//   waits (asynchronously) until no Prisma statement or interactive transaction is in progress, and
//   nothing of Prisma's runs until the lock is released. One connection in the process means no
//   statement of this process ever waits on SQLite's file lock for another of its connections.
// - PostgreSQL: a small node-postgres pool of its own (each transaction has its own connection).
import type Database from "better-sqlite3";
import pg from "pg";
import { log } from "../lib/log.server";
import { DEFAULT_DIRECT_CONNECTIONS, type DatabaseKind } from "./database-url";
import type { SerializedSqliteAdapterFactory } from "./serialized-sqlite";
import {
  changeAsOneStatement,
  changeInSession,
  driverValue,
  insertEachRow,
  insertInBulk,
  intOf,
  type GuardedChange,
  type SqlRow,
  type SqlSession,
} from "./session";

export interface DirectDb {
  readonly kind: DatabaseKind;
  /** How many transactions can make progress at once (SQLite: one writer; PostgreSQL: the pool). */
  readonly concurrency: number;
  /** Runs one statement on its own (its own implicit transaction): one round trip on PostgreSQL. */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Makes a guarded change (session.ts), all or nothing: true if its guard changed a row. One
   * statement on PostgreSQL (one round trip), a transaction on SQLite.
   */
  change(change: GuardedChange): Promise<boolean>;
  close(): Promise<void>;
}

const MAX_CACHED_STATEMENTS = 256;
const MAX_NAMED_STATEMENTS = 2_000;

/** SQLite: the Prisma client's connection (`connect` opens it), under the adapter factory's lock. */
export function sqliteDirect(
  factory: SerializedSqliteAdapterFactory,
  connect: () => Promise<void>,
): DirectDb {
  let connected: Promise<void> | undefined;
  const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

  function prepare(client: Database.Database, sql: string) {
    let cache = statements.get(client);
    if (!cache) statements.set(client, (cache = new Map<string, Database.Statement>()));
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = client.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }

  function session(client: Database.Database): SqlSession {
    const sqlite: SqlSession = {
      kind: "sqlite",
      async query(sql, params = []) {
        const statement = prepare(client, sql);
        const values = params.map((value) => driverValue("sqlite", value));
        if (!statement.reader) {
          statement.run(values);
          return [];
        }
        return statement.all(values).filter((row): row is SqlRow => typeof row === "object" && row !== null);
      },
      insertIgnoring: (spec, rows) => insertEachRow(sqlite, spec, rows),
    };
    return sqlite;
  }

  /** Runs `work` on the connection, holding the lock (opening the connection first if need be). */
  async function withConnection<T>(work: (client: Database.Database) => Promise<T>): Promise<T> {
    await (connected ??= connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    }));
    return factory.lock.hold(async () => {
      const client = factory.connection;
      if (!client) throw new Error("the SQLite connection is not open");
      return work(client);
    });
  }

  const direct: DirectDb = {
    kind: "sqlite",
    concurrency: 1,
    query: (sql, params) => withConnection((client) => session(client).query(sql, params)),
    change: (change) => direct.transaction((session) => changeInSession(session, change)),
    async transaction(work) {
      return withConnection(async (client) => {
        // IMMEDIATE: the write lock is taken now (or SQLITE_BUSY after the busy timeout), not halfway.
        client.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(session(client));
          client.exec("COMMIT");
          return result;
        } catch (error) {
          if (client.inTransaction) client.exec("ROLLBACK");
          throw error;
        }
      });
    },
    // The connection is Prisma's: it closes it.
    close: async () => {},
  };
  return direct;
}

/** PostgreSQL: a pool of its own beside Prisma's. */
export function postgresDirect(connectionString: string, options: { max?: number } = {}): DirectDb {
  const max = options.max ?? DEFAULT_DIRECT_CONNECTIONS;
  let ended: Promise<void> | undefined;
  const pool = new pg.Pool({
    connectionString,
    max,
    // Prisma's DateTime is `timestamp(3)` holding UTC; node-postgres would read it as local time.
    types: { getTypeParser: utcTimestamps },
    // A database that is down or restarting fails a request in seconds instead of hanging it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server closed (a restart) is an event, not a crash; the pool replaces it.
  pool.on("error", (error) => log.warn("database connection lost (direct driver)", { error: error.message }));
  // Every client keeps a listener for its whole life, checked out or not: a server that ends the
  // session (a restart, a failover) can send its FATAL message between statements, and an "error"
  // event without a listener would crash the process. Statements in progress still fail as before.
  pool.on("connect", (client) =>
    client.on("error", (error) =>
      log.warn("database connection lost (direct driver)", { error: error.message }),
    ),
  );

  // Statements are prepared once per connection under a name of their own: PostgreSQL then parses
  // and plans the same text once, not for every send. The first MAX_NAMED_STATEMENTS texts are
  // named (ours are a fixed set, plus multi-row inserts of up to 500 rows); any beyond run unnamed.
  const names = new Map<string, string>();
  const statement = (sql: string, params: readonly unknown[]): pg.QueryConfig => {
    let name = names.get(sql);
    if (!name && names.size < MAX_NAMED_STATEMENTS) names.set(sql, (name = `replyloop_${names.size}`));
    const values = params.map((value) => driverValue("postgresql", value));
    return name ? { name, text: sql, values } : { text: sql, values };
  };

  return {
    kind: "postgresql",
    concurrency: max,
    async query(sql, params = []) {
      const result = await pool.query<SqlRow>(statement(sql, params));
      return result.rows;
    },
    async change(change) {
      const { sql, params } = changeAsOneStatement(change);
      const [row] = (await pool.query<SqlRow>(statement(sql, params))).rows;
      return intOf(row?.n) > 0;
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client's connection can drop between statements (a restart): node-postgres
      // then emits "error" on the client, which without a listener would crash the process.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      const session: SqlSession = {
        kind: "postgresql",
        async query(sql, params = []) {
          const result = await client.query<SqlRow>(statement(sql, params));
          return result.rows;
        },
        insertIgnoring: (spec, rows) => insertInBulk(session, spec, rows),
      };
      try {
        await client.query("BEGIN");
        const result = await work(session);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          // The connection itself is gone: it must not go back to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    // Idempotent: the process's shutdown and a test's clean-up may both close it.
    close: () => (ended ??= pool.end()),
  };
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** node-postgres's parsers, but a `timestamp` (no zone) is UTC, as Prisma writes it. */
const utcTimestamps: typeof pg.types.getTypeParser = (oid: number, format?: "text" | "binary") =>
  oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== "binary"
    ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
    : (pg.types.getTypeParser(oid, format ?? "text") as (text: string) => unknown);
