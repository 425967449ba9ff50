-- CreateIndex
CREATE INDEX "ScheduledSend_state_runAt_idx" ON "ScheduledSend"("state", "runAt");

