-- CreateEnum
CREATE TYPE "RelatedReason" AS ENUM ('shared-tags', 'same-section', 'same-byline', 'similar-text');

-- AlterTable
ALTER TABLE "RelatedList" ADD COLUMN     "reasons" "RelatedReason"[] DEFAULT ARRAY[]::"RelatedReason"[];

-- Written by hand: the stored rankings have no reasons yet; each is computed afresh, with them,
-- on its article's next read.
DELETE FROM "RelatedList";
