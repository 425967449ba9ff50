-- CreateIndex
CREATE INDEX "ScheduledSend_shop_email_sentAt_idx" ON "ScheduledSend"("shop", "email", "sentAt");

-- CreateIndex
CREATE INDEX "Conversion_journeyId_idx" ON "Conversion"("journeyId");

