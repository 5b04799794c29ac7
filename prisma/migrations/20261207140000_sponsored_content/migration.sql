-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "sponsorship" JSONB;

-- AlterTable
ALTER TABLE "RecommendationSlot" ADD COLUMN     "disclosure" TEXT NOT NULL DEFAULT 'Sponsored by {sponsor}',
ADD COLUMN     "maxSponsored" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "sponsoredPositions" INTEGER[] DEFAULT ARRAY[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]::INTEGER[];
