-- CreateEnum
CREATE TYPE "SlotFill" AS ENUM ('curated', 'automatic', 'mixed');

-- AlterTable
-- Edited by hand: Prisma writes a DEFAULT, PostgreSQL needs a generated column for this.
ALTER TABLE "Article" ADD COLUMN     "searchVector" tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('english'::regconfig, COALESCE(headline, ''::text)), 'A'::"char") || setweight(to_tsvector('english'::regconfig, COALESCE(dek, ''::text)), 'B'::"char")) || setweight(to_tsvector('english'::regconfig, COALESCE(body, ''::text)), 'C'::"char")) STORED;

-- CreateTable
CREATE TABLE "RecommendationSlot" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT,
    "capacity" INTEGER NOT NULL DEFAULT 4,
    "fill" "SlotFill" NOT NULL DEFAULT 'mixed',
    "allowSponsored" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlotItem" (
    "id" UUID NOT NULL,
    "slotId" UUID NOT NULL,
    "articleId" UUID,
    "position" INTEGER NOT NULL,
    "targetArticleId" UUID,
    "url" TEXT,
    "title" TEXT,
    "imageUrl" TEXT,
    "sponsor" TEXT,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),

    CONSTRAINT "SlotItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationSlot_key_key" ON "RecommendationSlot"("key");

-- CreateIndex
CREATE INDEX "RecommendationSlot_position_key_idx" ON "RecommendationSlot"("position", "key");

-- CreateIndex
CREATE INDEX "SlotItem_slotId_articleId_position_idx" ON "SlotItem"("slotId", "articleId", "position");

-- CreateIndex
CREATE INDEX "SlotItem_articleId_idx" ON "SlotItem"("articleId");

-- CreateIndex
CREATE INDEX "SlotItem_targetArticleId_idx" ON "SlotItem"("targetArticleId");

-- CreateIndex
CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");

-- AddForeignKey
ALTER TABLE "SlotItem" ADD CONSTRAINT "SlotItem_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "RecommendationSlot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlotItem" ADD CONSTRAINT "SlotItem_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SlotItem" ADD CONSTRAINT "SlotItem_targetArticleId_fkey" FOREIGN KEY ("targetArticleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
