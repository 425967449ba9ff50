-- CreateIndex
CREATE INDEX "Journey_shop_customerId_idx" ON "Journey"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Journey_shop_subjectKey_idx" ON "Journey"("shop", "subjectKey");

-- CreateIndex
CREATE INDEX "Journey_shop_enteredAt_idx" ON "Journey"("shop", "enteredAt");

-- CreateIndex
CREATE INDEX "Decision_shop_email_at_idx" ON "Decision"("shop", "email", "at");

