-- DropIndex
DROP INDEX "Job_state_runAt_idx";

-- DropIndex
DROP INDEX "Journey_shop_customerId_idx";

-- DropIndex
DROP INDEX "ScheduledSend_journeyId_idx";

-- DropIndex
DROP INDEX "CrmWrite_shop_email_idx";

-- CreateIndex
CREATE INDEX "Job_queue_state_runAt_idx" ON "Job"("queue", "state", "runAt");

-- CreateIndex
CREATE INDEX "Job_finishedAt_idx" ON "Job"("finishedAt");

-- CreateIndex
CREATE INDEX "Journey_shop_customerId_enteredAt_idx" ON "Journey"("shop", "customerId", "enteredAt");

-- CreateIndex
CREATE INDEX "ScheduledSend_journeyId_state_idx" ON "ScheduledSend"("journeyId", "state");

-- CreateIndex
CREATE INDEX "ScheduledSend_shop_state_updatedAt_idx" ON "ScheduledSend"("shop", "state", "updatedAt");

-- CreateIndex
CREATE INDEX "CrmWrite_shop_email_state_idx" ON "CrmWrite"("shop", "email", "state");

-- CreateIndex
CREATE INDEX "CrmWrite_state_sentAt_idx" ON "CrmWrite"("state", "sentAt");

-- CreateIndex
CREATE INDEX "ShopOrder_placedAt_idx" ON "ShopOrder"("placedAt");

-- CreateIndex
CREATE INDEX "PageAnswer_state_receivedAt_idx" ON "PageAnswer"("state", "receivedAt");

