-- CreateEnum
CREATE TYPE "ImportState" AS ENUM ('running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "ArticleSource" (
    "articleId" UUID NOT NULL,
    "sourceId" TEXT NOT NULL,
    "recordHash" TEXT NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ArticleSource_pkey" PRIMARY KEY ("articleId")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "state" "ImportState" NOT NULL DEFAULT 'running',
    "format" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "spoolPath" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "skips" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "owner" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),
    "activeMs" INTEGER NOT NULL DEFAULT 0,
    "keyId" UUID,
    "keyName" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ArticleSource_sourceId_key" ON "ArticleSource"("sourceId");

-- CreateIndex
CREATE INDEX "ImportJob_fileHash_startedAt_idx" ON "ImportJob"("fileHash", "startedAt");

-- AddForeignKey
ALTER TABLE "ArticleSource" ADD CONSTRAINT "ArticleSource_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
