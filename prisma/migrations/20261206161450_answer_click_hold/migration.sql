-- AlterTable
ALTER TABLE "AnswerClick" ADD COLUMN "heldUntil" DATETIME;
ALTER TABLE "AnswerClick" ADD COLUMN "postedAt" DATETIME;
ALTER TABLE "AnswerClick" ADD COLUMN "reason" TEXT;

-- CreateIndex
CREATE INDEX "AnswerClick_state_heldUntil_idx" ON "AnswerClick"("state", "heldUntil");

