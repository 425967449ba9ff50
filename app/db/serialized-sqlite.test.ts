// The hazard this wrapper exists for: on one better-sqlite3 connection, a write from elsewhere in
// the process during an open interactive transaction would be undone by that transaction's rollback.
import { describe, expect, it } from "vitest";
import db from "../db.server";

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
  },
);
