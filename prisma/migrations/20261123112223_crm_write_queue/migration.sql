-- AlterTable
ALTER TABLE "CrmConnection" ADD COLUMN "properties" JSONB;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CrmWrite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "eventAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);
INSERT INTO "new_CrmWrite" ("attempts", "createdAt", "email", "error", "eventAt", "id", "nextAttemptAt", "property", "sentAt", "shop", "state", "value") SELECT "attempts", "createdAt", "email", "error", "eventAt", "id", "nextAttemptAt", "property", "sentAt", "shop", "state", "value" FROM "CrmWrite";
DROP TABLE "CrmWrite";
ALTER TABLE "new_CrmWrite" RENAME TO "CrmWrite";
CREATE INDEX "CrmWrite_state_nextAttemptAt_idx" ON "CrmWrite"("state", "nextAttemptAt");
CREATE INDEX "CrmWrite_shop_state_idx" ON "CrmWrite"("shop", "state");
CREATE INDEX "CrmWrite_shop_email_idx" ON "CrmWrite"("shop", "email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

