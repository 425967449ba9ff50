-- AlterTable
ALTER TABLE "ScheduledSend" ADD COLUMN     "capped" BOOLEAN NOT NULL DEFAULT true;

