-- DropIndex
DROP INDEX "Journey_shop_email_idx";

-- CreateIndex
CREATE INDEX "Journey_shop_email_enteredAt_idx" ON "Journey"("shop", "email", "enteredAt");

