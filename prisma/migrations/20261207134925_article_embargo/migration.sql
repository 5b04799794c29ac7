-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "embargoUntil" TIMESTAMPTZ(3);
