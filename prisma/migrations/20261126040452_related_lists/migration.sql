-- AlterTable
-- Edited by hand: a constant default first, so that adding the column does not rewrite the table
-- (existing rows have changed "long ago": no stored ranking predates them), then the real one.
ALTER TABLE "Article" ADD COLUMN     "relatedChangedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT '2000-01-01 00:00:00+00';
ALTER TABLE "Article" ALTER COLUMN "relatedChangedAt" SET DEFAULT clock_timestamp();

-- CreateTable
CREATE TABLE "RelatedList" (
    "sourceId" UUID NOT NULL,
    "computedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "RelatedList_pkey" PRIMARY KEY ("sourceId")
);

-- CreateTable
CREATE TABLE "RelatedCandidate" (
    "sourceId" UUID NOT NULL,
    "candidateId" UUID NOT NULL,
    "affinity" DOUBLE PRECISION NOT NULL,
    "sharedTags" TEXT[],
    "sameSection" BOOLEAN NOT NULL,
    "sharedBylines" INTEGER NOT NULL,
    "textRank" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RelatedCandidate_pkey" PRIMARY KEY ("sourceId","candidateId")
);

-- CreateIndex
CREATE INDEX "RelatedCandidate_sourceId_affinity_idx" ON "RelatedCandidate"("sourceId", "affinity" DESC);

-- CreateIndex
CREATE INDEX "RelatedCandidate_candidateId_idx" ON "RelatedCandidate"("candidateId");

-- CreateIndex
CREATE INDEX "Article_relatedChangedAt_idx" ON "Article"("relatedChangedAt");

-- AddForeignKey
ALTER TABLE "RelatedList" ADD CONSTRAINT "RelatedList_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelatedCandidate" ADD CONSTRAINT "RelatedCandidate_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelatedCandidate" ADD CONSTRAINT "RelatedCandidate_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma does not model triggers): stamp "relatedChangedAt" whenever something a
-- related-stories ranking reads changes, whoever writes it. Stored rankings read the stamp to
-- tell which candidates to score afresh (see src/modules/recommendations/related-lists.sql.ts).
CREATE FUNCTION "article_related_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."relatedChangedAt" := clock_timestamp();
  RETURN NEW;
END $$;

CREATE TRIGGER "Article_related_changed" BEFORE UPDATE ON "Article" FOR EACH ROW
  WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.section IS DISTINCT FROM NEW.section
    OR OLD.headline IS DISTINCT FROM NEW.headline OR OLD.dek IS DISTINCT FROM NEW.dek
    OR OLD.status IS DISTINCT FROM NEW.status OR OLD."publishedAt" IS DISTINCT FROM NEW."publishedAt"
    OR OLD."trashedAt" IS DISTINCT FROM NEW."trashedAt")
  EXECUTE FUNCTION "article_related_changed"();

-- Credits change which stories share writers. Once per statement and article; an article already
-- stamped in this transaction is not rewritten again. An updated credit may have moved from one
-- article to another: both are stamped.
CREATE FUNCTION "credits_related_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE "Article" SET "relatedChangedAt" = clock_timestamp()
    WHERE id IN (SELECT "articleId" FROM changed UNION SELECT "articleId" FROM gone)
      AND "relatedChangedAt" < transaction_timestamp();
  ELSE
    UPDATE "Article" SET "relatedChangedAt" = clock_timestamp()
    WHERE id IN (SELECT "articleId" FROM changed) AND "relatedChangedAt" < transaction_timestamp();
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ArticleByline_inserted" AFTER INSERT ON "ArticleByline"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_related_changed"();
CREATE TRIGGER "ArticleByline_deleted" AFTER DELETE ON "ArticleByline"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_related_changed"();
CREATE TRIGGER "ArticleByline_updated" AFTER UPDATE ON "ArticleByline"
  REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_related_changed"();
