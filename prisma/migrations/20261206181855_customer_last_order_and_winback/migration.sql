-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "emailSubscribedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "lastOrderAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "lastOrderId" TEXT;
ALTER TABLE "Customer" ADD COLUMN "winbackDueAt" DATETIME;

-- CreateIndex
CREATE INDEX "Customer_shop_winbackDueAt_idx" ON "Customer"("shop", "winbackDueAt");

