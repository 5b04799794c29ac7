-- CreateEnum
CREATE TYPE "BylineKind" AS ENUM ('staff', 'contributor', 'agency');

-- CreateEnum
CREATE TYPE "ArticleStatus" AS ENUM ('draft', 'published', 'archived');

-- CreateEnum
CREATE TYPE "BylineRole" AS ENUM ('author', 'contributor', 'photographer', 'translator', 'editor');

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('admin', 'editor');

-- CreateTable
CREATE TABLE "Byline" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "BylineKind" NOT NULL DEFAULT 'staff',
    "jobTitle" TEXT,
    "bio" TEXT,
    "avatarUrl" TEXT,
    "links" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Byline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "dek" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "bodyHtml" TEXT NOT NULL DEFAULT '',
    "section" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "language" TEXT NOT NULL DEFAULT 'en',
    "heroImage" JSONB,
    "canonicalUrl" TEXT,
    "creditLine" TEXT,
    "status" "ArticleStatus" NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMPTZ(3),
    "sortAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wordCount" INTEGER NOT NULL DEFAULT 0,
    "readingTimeMinutes" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleByline" (
    "articleId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "bylineId" UUID NOT NULL,
    "role" "BylineRole" NOT NULL DEFAULT 'author',

    CONSTRAINT "ArticleByline_pkey" PRIMARY KEY ("articleId","position")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Byline_slug_key" ON "Byline"("slug");

-- CreateIndex
CREATE INDEX "Byline_name_id_idx" ON "Byline"("name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Article_slug_key" ON "Article"("slug");

-- CreateIndex
CREATE INDEX "Article_sortAt_id_idx" ON "Article"("sortAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Article_status_sortAt_id_idx" ON "Article"("status", "sortAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Article_section_sortAt_idx" ON "Article"("section", "sortAt" DESC);

-- CreateIndex
CREATE INDEX "Article_tags_idx" ON "Article" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "ArticleByline_bylineId_idx" ON "ArticleByline"("bylineId");

-- CreateIndex
CREATE UNIQUE INDEX "ArticleByline_articleId_bylineId_role_key" ON "ArticleByline"("articleId", "bylineId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- AddForeignKey
ALTER TABLE "ArticleByline" ADD CONSTRAINT "ArticleByline_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleByline" ADD CONSTRAINT "ArticleByline_bylineId_fkey" FOREIGN KEY ("bylineId") REFERENCES "Byline"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
