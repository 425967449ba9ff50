// @prisma/adapter-better-sqlite3 runs everything on one connection, and only transactions take its
// lock. A query from elsewhere in the process that arrives while an interactive transaction is open
// runs *inside* that transaction: it sees uncommitted rows and is silently undone by a rollback
// (reproduced in app/db/serialized-sqlite.test.ts). This wrapper gives the connection one lock that
// a transaction holds until it ends and that every other statement waits for.
//
// The same lock serves the direct driver (./direct.server.ts, decision 0013): a write that skips
// Prisma's query compiler runs on this very connection while holding the lock, so it never runs
// inside a Prisma transaction, no Prisma statement runs inside it, and nothing in this process ever
// waits on SQLite's file lock for another connection of its own (which, better-sqlite3 being
// synchronous, would block the event loop that the other connection's transaction needs to finish).
import Database from "better-sqlite3";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { log } from "../lib/log.server";
import { BACKSTOP_PAGES, startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

export class Lock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves, in arrival order, with a function that releases the lock. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }

  /** Runs `work` holding the lock. */
  async hold<T>(work: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

class SerializedAdapter implements SqlDriverAdapter {
  readonly #inner: SqlDriverAdapter;
  readonly #lock: Lock;
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;

  readonly #checkpointer: WalCheckpointer | undefined;

  constructor(inner: SqlDriverAdapter, lock: Lock, checkpointer?: WalCheckpointer) {
    this.#inner = inner;
    this.#lock = lock;
    this.#checkpointer = checkpointer;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.#lock.hold(() => this.#inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.#lock.hold(() => this.#inner.executeRaw(query));
  }

  executeScript(script: string) {
    return this.#lock.hold(() => this.#inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#lock.acquire();
    try {
      const tx = await this.#inner.startTransaction(isolationLevel);
      const end = (finish: () => Promise<void>) => async () => {
        try {
          await finish();
        } finally {
          release();
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (query) => tx.queryRaw(query),
        executeRaw: (query) => tx.executeRaw(query),
        commit: end(() => tx.commit()),
        rollback: end(() => tx.rollback()),
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  getConnectionInfo() {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  async dispose() {
    await this.#checkpointer?.stop();
    await this.#inner.dispose();
  }
}

export class SerializedSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly #inner: SqlDriverAdapterFactory;
  /** The connection's one lock: Prisma's statements and transactions, and the direct driver's. */
  readonly lock = new Lock();
  #connection: Database.Database | undefined;
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;

  constructor(inner: SqlDriverAdapterFactory) {
    this.#inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const inner = await this.#inner.connect();
    // The adapter keeps its better-sqlite3 handle as `client`; the direct driver shares it.
    const client: unknown = Reflect.get(inner, "client");
    if (!(client instanceof Database))
      throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`");
    // Every connection, whichever process opens it (web, worker, script): WAL lets readers run beside
    // the one writer, and under WAL a NORMAL sync is safe against a crash of the process (a commit
    // is not flushed to disk one by one, which costs milliseconds per write).
    client.pragma("journal_mode = WAL");
    client.pragma("synchronous = NORMAL");
    // Checkpoints off the event loop (./wal-checkpointer.ts); a database in memory has no log.
    let checkpointer: WalCheckpointer | undefined;
    if (!client.memory) {
      client.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      checkpointer = startWalCheckpointer(client.name, {
        onError: (error) =>
          log.warn("WAL checkpoints fall back to commits", { file: client.name, error: error.message }),
      });
    }
    this.#connection = client;
    return new SerializedAdapter(inner, this.lock, checkpointer);
  }

  /**
   * The connection Prisma opened (after `$connect()`), for work done under `lock`. Undefined before
   * Prisma has connected.
   */
  get connection(): Database.Database | undefined {
    return this.#connection;
  }
}
