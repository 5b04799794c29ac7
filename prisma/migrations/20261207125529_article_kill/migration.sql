-- AlterEnum
ALTER TYPE "ArticleStatus" ADD VALUE 'killed';

-- CreateTable
CREATE TABLE "ArticleKill" (
    "articleId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "notice" TEXT NOT NULL,
    "killedAt" TIMESTAMPTZ(3) NOT NULL,
    "keyId" UUID,
    "keyName" TEXT NOT NULL,

    CONSTRAINT "ArticleKill_pkey" PRIMARY KEY ("articleId")
);

-- AddForeignKey
ALTER TABLE "ArticleKill" ADD CONSTRAINT "ArticleKill_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
