// SQLite's write-ahead log is copied back into the database file by checkpoints. Left to SQLite,
// the commit that takes the log past `wal_autocheckpoint` pages does that work itself: it copies
// the pages and waits for two fsyncs, all on the event loop (better-sqlite3 is synchronous). On the
// webhook path that was ~100 µs of every ~16 KB event (decision 0013). Here a thread of its own
// copies the log back every few milliseconds with a PASSIVE checkpoint, which never takes the write
// lock and never waits: writers and readers carry on while it runs. The connection's own automatic
// checkpoint stays on as a backstop at a larger size; it then finds the pages already copied, and
// it is what restarts the log from its beginning (a checkpoint from beside a busy writer rarely
// catches the very last frame).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The commit that takes the log past this many pages (~40 MB) checkpoints what is left. */
export const BACKSTOP_PAGES = 10_000;

export type WalCheckpointer = { stop(): Promise<void> };

// CommonJS, run by the thread: its own connection to the file; "stop" closes it and ends the thread.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Starts checkpointing the database file `file` (already in WAL mode) every `intervalMs`. The
 * thread never keeps the process alive. If it fails, `onError` hears why and the backstop remains.
 */
export function startWalCheckpointer(
  file: string,
  options: { intervalMs?: number; onError: (error: Error) => void },
): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD, {
    eval: true,
    // The snippet is CommonJS whatever flags the process was started with (e.g. --input-type=module).
    execArgv: [],
    workerData: { file, driver, intervalMs: options.intervalMs ?? 50 },
  });
  worker.unref();
  let failed = false;
  worker.on("error", (error) => {
    failed = true;
    options.onError(error);
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      // Held until the thread has closed its connection, or a process with nothing else left to
      // do would exit in the middle of its caller's `await stop()`.
      worker.ref();
      if (!failed) worker.postMessage("stop");
      await exited;
    },
  };
}
