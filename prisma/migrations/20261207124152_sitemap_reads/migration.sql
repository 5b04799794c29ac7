-- The sitemaps read public stories by publication month with their last change from this index alone.
-- CreateIndex
CREATE INDEX "Article_status_trashedAt_publishedAt_updatedAt_idx" ON "Article"("status", "trashedAt", "publishedAt", "updatedAt");
