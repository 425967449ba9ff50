-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'email',
    "messageId" TEXT,
    "orderId" TEXT,
    "campaign" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customerId" TEXT,
    "channel" TEXT NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    "crmQueuedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Answer" ("answeredAt", "campaign", "channel", "createdAt", "crmQueuedAt", "customerId", "email", "id", "messageId", "questionKey", "shop", "updatedAt", "value") SELECT "answeredAt", "campaign", "channel", "createdAt", "crmQueuedAt", "customerId", "email", "id", "messageId", "questionKey", "shop", "updatedAt", "value" FROM "Answer";
DROP TABLE "Answer";
ALTER TABLE "new_Answer" RENAME TO "Answer";
CREATE INDEX "Answer_shop_answeredAt_idx" ON "Answer"("shop", "answeredAt");
CREATE INDEX "Answer_shop_email_idx" ON "Answer"("shop", "email");
CREATE UNIQUE INDEX "Answer_messageId_questionKey_key" ON "Answer"("messageId", "questionKey");
CREATE UNIQUE INDEX "Answer_shop_orderId_questionKey_key" ON "Answer"("shop", "orderId", "questionKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

