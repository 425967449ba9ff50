-- DropIndex
DROP INDEX "CrmWrite_portalId_state_nextAttemptAt_idx";

-- AlterTable
ALTER TABLE "CrmConnection" ADD COLUMN     "properties" JSONB;

-- AlterTable
ALTER TABLE "CrmWrite" DROP COLUMN "portalId";

-- CreateIndex
CREATE INDEX "CrmWrite_state_nextAttemptAt_idx" ON "CrmWrite"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "CrmWrite_shop_state_idx" ON "CrmWrite"("shop", "state");

