-- DropForeignKey
ALTER TABLE "RelatedCandidate" DROP CONSTRAINT "RelatedCandidate_candidateId_fkey";

-- DropForeignKey
ALTER TABLE "RelatedCandidate" DROP CONSTRAINT "RelatedCandidate_sourceId_fkey";

-- AlterTable
ALTER TABLE "RelatedList" ADD COLUMN     "affinities" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "candidates" UUID[] DEFAULT ARRAY[]::UUID[];

-- DropTable
DROP TABLE "RelatedCandidate";

-- Written by hand: the stored candidates went with their table, so the rankings are stale; each
-- is computed afresh on its article's next read.
DELETE FROM "RelatedList";
