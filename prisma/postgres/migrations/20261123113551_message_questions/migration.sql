-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "questions" JSONB;

