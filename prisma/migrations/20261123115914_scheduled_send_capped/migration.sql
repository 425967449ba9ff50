-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ScheduledSend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT NOT NULL,
    "runAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'scheduled',
    "reason" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "capped" BOOLEAN NOT NULL DEFAULT true,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ScheduledSend" ("campaign", "createdAt", "customerId", "email", "id", "idempotencyKey", "journeyId", "messageId", "reason", "runAt", "sentAt", "shop", "state", "step", "updatedAt") SELECT "campaign", "createdAt", "customerId", "email", "id", "idempotencyKey", "journeyId", "messageId", "reason", "runAt", "sentAt", "shop", "state", "step", "updatedAt" FROM "ScheduledSend";
DROP TABLE "ScheduledSend";
ALTER TABLE "new_ScheduledSend" RENAME TO "ScheduledSend";
CREATE UNIQUE INDEX "ScheduledSend_idempotencyKey_key" ON "ScheduledSend"("idempotencyKey");
CREATE INDEX "ScheduledSend_shop_state_runAt_idx" ON "ScheduledSend"("shop", "state", "runAt");
CREATE INDEX "ScheduledSend_journeyId_idx" ON "ScheduledSend"("journeyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

