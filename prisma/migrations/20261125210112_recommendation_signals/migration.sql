-- DropIndex
DROP INDEX "Article_section_sortAt_idx";

-- AlterTable
-- Edited by hand: Prisma writes a DEFAULT, PostgreSQL needs a generated column for this.
ALTER TABLE "Article" ADD COLUMN     "headlineVector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, headline), 'A'::"char") || setweight(to_tsvector('english'::regconfig, COALESCE(dek, ''::text)), 'B'::"char")) STORED;

-- CreateIndex
CREATE INDEX "Article_section_sortAt_id_idx" ON "Article"("section", "sortAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Article_headlineVector_idx" ON "Article" USING GIN ("headlineVector");
