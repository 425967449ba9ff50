-- AlterTable
ALTER TABLE "AnswerClick" ADD COLUMN     "heldUntil" TIMESTAMP(3),
ADD COLUMN     "postedAt" TIMESTAMP(3),
ADD COLUMN     "reason" TEXT;

-- CreateIndex
CREATE INDEX "AnswerClick_state_heldUntil_idx" ON "AnswerClick"("state", "heldUntil");

