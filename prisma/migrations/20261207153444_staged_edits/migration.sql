-- AlterTable
ALTER TABLE "PreviewLink" ADD COLUMN     "includePending" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ArticlePending" (
    "articleId" UUID NOT NULL,
    "fields" JSONB NOT NULL,
    "basedOnVersion" INTEGER NOT NULL,
    "significant" BOOLEAN NOT NULL DEFAULT false,
    "publishAt" TIMESTAMPTZ(3),
    "keyId" UUID,
    "keyName" TEXT NOT NULL,
    "scheduledKeyId" UUID,
    "scheduledKeyName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ArticlePending_pkey" PRIMARY KEY ("articleId")
);

-- CreateIndex
CREATE INDEX "ArticlePending_publishAt_idx" ON "ArticlePending"("publishAt");

-- AddForeignKey
ALTER TABLE "ArticlePending" ADD CONSTRAINT "ArticlePending_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
