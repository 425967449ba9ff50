-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "emailSubscribedAt" TIMESTAMP(3),
ADD COLUMN     "lastOrderAt" TIMESTAMP(3),
ADD COLUMN     "lastOrderId" TEXT,
ADD COLUMN     "winbackDueAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Customer_shop_winbackDueAt_idx" ON "Customer"("shop", "winbackDueAt");

