-- DropIndex
DROP INDEX "Job_cancelKey_idx";

-- AlterTable
ALTER TABLE "Job" DROP COLUMN "cancelKey";

