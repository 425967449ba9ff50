// The hazard this wrapper exists for: on one better-sqlite3 connection, a write from elsewhere in
// the process during an open interactive transaction would be undone by that transaction's rollback.
import fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import db from "../db.server";
import { sqlitePath } from "./database-url";

describe.skipIf(!process.env.DATABASE_URL?.startsWith("file:"))(
  "SQLite connection shared by concurrent requests",
  () => {
    it("keeps a concurrent write out of another request's rolled-back transaction", async () => {
      const rolledBack = db
        .$transaction(async (tx) => {
          await tx.suppression.create({
            data: { shop: "s.myshopify.com", email: "inside@example.com", reason: "test" },
          });
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error("roll back");
        })
        .catch((error: Error) => error.message);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await db.suppression.create({
        data: { shop: "s.myshopify.com", email: "outside@example.com", reason: "test" },
      });

      expect(await rolledBack).toBe("roll back");
      const emails = (await db.suppression.findMany({ select: { email: true } })).map((s) => s.email);
      expect(emails).toEqual(["outside@example.com"]);
    });

    it("copies the write-ahead log back into the database file off the event loop", async () => {
      // Commits leave checkpoints to the thread until the log is ~40 MB (app/db/wal-checkpointer.ts).
      const [setting] =
        await db.$queryRawUnsafe<{ wal_autocheckpoint: number }[]>("PRAGMA wal_autocheckpoint");
      expect(Number(setting?.wal_autocheckpoint)).toBe(10_000);
      const file = sqlitePath(process.env.DATABASE_URL ?? "");
      const before = fs.statSync(file).size;
      await db.suppression.createMany({
        data: Array.from({ length: 200 }, (_, i) => ({
          shop: "wal.myshopify.com",
          email: `${i}@example.com`,
          reason: "x".repeat(10_000),
        })),
      });
      await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(before + 2_000_000), {
        timeout: 10_000,
      });
    });
  },
);
