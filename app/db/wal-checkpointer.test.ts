// The checkpointer's thread copies committed pages from the write-ahead log back into the database
// file, which commits no longer do until the log reaches BACKSTOP_PAGES.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BACKSTOP_PAGES, startWalCheckpointer } from "./wal-checkpointer";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database in WAL mode whose commits leave ~2 MB in the log (none copied back yet). */
function databaseWithLog() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-wal-"));
  dirs.push(dir);
  const file = path.join(dir, "db.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  db.exec("CREATE TABLE event (id INTEGER PRIMARY KEY, payload TEXT)");
  const insert = db.prepare("INSERT INTO event (payload) VALUES (?)");
  for (let i = 0; i < 128; i++) insert.run("x".repeat(16_000));
  return { db, file };
}

describe("WAL checkpointer", () => {
  it("copies what commits wrote to the log back into the database file, while they go on", async () => {
    const { db, file } = databaseWithLog();
    expect(fs.statSync(file).size).toBeLessThan(100_000);
    const onError = vi.fn();
    const checkpointer = startWalCheckpointer(file, { intervalMs: 5, onError });
    /** Rows that a copy of the database file alone (without the log) holds. */
    const rowsInFileAlone = () => {
      const copy = `${file}.copy`;
      for (const extra of ["-wal", "-shm"]) fs.rmSync(`${copy}${extra}`, { force: true });
      fs.copyFileSync(file, copy);
      const alone = new Database(copy);
      try {
        return alone.prepare("SELECT count(*) AS n FROM event").get();
      } finally {
        alone.close();
      }
    };
    try {
      await vi.waitFor(() => expect(rowsInFileAlone()).toEqual({ n: 128 }), { timeout: 10_000 });
      // Writers are never held up by it: more commits, then the thread catches up with them too.
      const insert = db.prepare("INSERT INTO event (payload) VALUES (?)");
      for (let i = 0; i < 64; i++) insert.run("y".repeat(16_000));
      await vi.waitFor(() => expect(rowsInFileAlone()).toEqual({ n: 192 }), { timeout: 10_000 });
    } finally {
      await checkpointer.stop();
      db.close();
    }
    expect(onError).not.toHaveBeenCalled();
  });

  it("lets a process that has nothing else to do finish awaiting stop()", () => {
    // The thread never keeps a process alive, yet stop() must hold it until the thread is done.
    const { db, file } = databaseWithLog();
    db.close();
    const module = path.join(import.meta.dirname, "wal-checkpointer.ts");
    const script = [
      `import { startWalCheckpointer } from ${JSON.stringify(module)};`,
      `const checkpointer = startWalCheckpointer(${JSON.stringify(file)}, { onError: (e) => console.log(e.message) });`,
      `await checkpointer.stop();`,
      `console.log("stopped");`,
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("stopped");
    expect(child.status).toBe(0);
  });

  it("reports a database it cannot open, and stops cleanly", async () => {
    const onError = vi.fn();
    const checkpointer = startWalCheckpointer(path.join(os.tmpdir(), "replyloop-no-such-dir", "x.sqlite"), {
      onError,
    });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/Cannot open database/);
    await checkpointer.stop();
  });
});
