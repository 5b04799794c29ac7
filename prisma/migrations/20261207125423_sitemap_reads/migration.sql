-- The sitemaps read public stories by publication month with their last change from this index
-- alone, in publication order (trashedAt after publishedAt: IS NULL does not fix an order).
-- CreateIndex
CREATE INDEX "Article_status_publishedAt_trashedAt_updatedAt_idx" ON "Article"("status", "publishedAt", "trashedAt", "updatedAt");
