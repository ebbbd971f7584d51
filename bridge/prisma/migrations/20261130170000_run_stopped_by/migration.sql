-- AlterTable
ALTER TABLE "Run" ADD COLUMN "stoppedBy" TEXT;
