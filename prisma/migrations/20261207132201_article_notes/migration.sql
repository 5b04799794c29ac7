-- CreateEnum
CREATE TYPE "NoteKind" AS ENUM ('correction', 'clarification', 'editors-note', 'update');

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "displayedUpdatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "notes" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "ArticleNote" (
    "id" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "kind" "NoteKind" NOT NULL,
    "text" TEXT NOT NULL,
    "textHtml" TEXT NOT NULL,
    "displayedAt" TIMESTAMPTZ(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "keyId" UUID,
    "keyName" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ArticleNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ArticleNote_articleId_idx" ON "ArticleNote"("articleId");

-- CreateIndex
CREATE INDEX "ArticleNote_kind_displayedAt_id_idx" ON "ArticleNote"("kind", "displayedAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "ArticleNote" ADD CONSTRAINT "ArticleNote_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Stories published before notes existed keep the date readers were shown: their last change.
UPDATE "Article" SET "displayedUpdatedAt" = "updatedAt" WHERE "publishedAt" IS NOT NULL;
