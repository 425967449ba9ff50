-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "orderId" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'email',
ALTER COLUMN "messageId" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Answer_shop_orderId_questionKey_key" ON "Answer"("shop", "orderId", "questionKey");

