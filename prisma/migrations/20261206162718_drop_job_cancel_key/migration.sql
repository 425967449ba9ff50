-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "queue" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "runAt" DATETIME NOT NULL,
    "idempotencyKey" TEXT,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "lastError" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);
INSERT INTO "new_Job" ("attempts", "createdAt", "finishedAt", "id", "idempotencyKey", "lastError", "lockedBy", "lockedUntil", "maxAttempts", "payload", "queue", "runAt", "state", "updatedAt") SELECT "attempts", "createdAt", "finishedAt", "id", "idempotencyKey", "lastError", "lockedBy", "lockedUntil", "maxAttempts", "payload", "queue", "runAt", "state", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

