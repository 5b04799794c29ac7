-- Written by hand: Prisma's schema cannot express a CHECK constraint. The key lists are ordered
-- and paginated by, "sortAt", is "publishedAt" when set, else "createdAt". Every write of the app
-- sets it so; the database now refuses one that does not (a hand-written UPDATE, an import
-- script), which would put a story out of place in every list and cursor.
UPDATE "Article" SET "sortAt" = COALESCE("publishedAt", "createdAt")
WHERE "sortAt" IS DISTINCT FROM COALESCE("publishedAt", "createdAt");

ALTER TABLE "Article" ADD CONSTRAINT "Article_sortAt_check" CHECK ("sortAt" = COALESCE("publishedAt", "createdAt"));
