-- Lists filtered by a tag or a byline, and the recommendations' pools of stories sharing one, read
-- the stories of that facet newest first from one range of ArticleFacet's primary key. Triggers
-- keep it from Article (tags, sortAt) and ArticleByline, per statement, so that a bulk import pays
-- one INSERT … SELECT per batch.

-- CreateTable
CREATE TABLE "ArticleFacet" (
    "facet" TEXT NOT NULL,
    "sortAt" TIMESTAMPTZ(3) NOT NULL,
    "articleId" UUID NOT NULL,

    CONSTRAINT "ArticleFacet_pkey" PRIMARY KEY ("facet","sortAt","articleId")
);

-- CreateIndex
CREATE INDEX "ArticleFacet_articleId_idx" ON "ArticleFacet"("articleId");

-- AddForeignKey
ALTER TABLE "ArticleFacet" ADD CONSTRAINT "ArticleFacet_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The facets of `articles`, afresh: their tags and their credited bylines, at their sortAt.
CREATE FUNCTION "article_facets_refresh"(articles uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "ArticleFacet" WHERE "articleId" = ANY(articles);
  INSERT INTO "ArticleFacet" (facet, "sortAt", "articleId")
  SELECT 'tag:' || t, a."sortAt", a.id FROM "Article" a CROSS JOIN unnest(a.tags) t
  WHERE a.id = ANY(articles)
  UNION
  SELECT 'byline:' || ab."bylineId", a."sortAt", a.id FROM "ArticleByline" ab JOIN "Article" a ON a.id = ab."articleId"
  WHERE ab."articleId" = ANY(articles);
END $$;

CREATE FUNCTION "article_facets_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new story has no credits yet: they are inserted after it (ArticleByline's trigger adds them).
  INSERT INTO "ArticleFacet" (facet, "sortAt", "articleId")
  SELECT DISTINCT 'tag:' || t, n."sortAt", n.id FROM inserted n CROSS JOIN unnest(n.tags) t;
  RETURN NULL;
END $$;
CREATE TRIGGER "Article_facets_inserted" AFTER INSERT ON "Article"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "article_facets_inserted"();

CREATE FUNCTION "article_facets_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A set difference, not a join: transition tables have no statistics, and a nested loop over
  -- the rows of a bulk update would compare each with each.
  PERFORM "article_facets_refresh"(ARRAY(
    SELECT DISTINCT id FROM (SELECT id, tags, "sortAt" FROM updated EXCEPT SELECT id, tags, "sortAt" FROM previous) moved));
  RETURN NULL;
END $$;
CREATE TRIGGER "Article_facets_updated" AFTER UPDATE ON "Article"
  REFERENCING OLD TABLE AS previous NEW TABLE AS updated FOR EACH STATEMENT EXECUTE FUNCTION "article_facets_updated"();

CREATE FUNCTION "credit_facets_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM "article_facets_refresh"(ARRAY(SELECT "articleId" FROM changed UNION SELECT "articleId" FROM gone));
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "ArticleFacet" (facet, "sortAt", "articleId")
    SELECT DISTINCT 'byline:' || c."bylineId", a."sortAt", a.id FROM changed c JOIN "Article" a ON a.id = c."articleId"
    ON CONFLICT DO NOTHING;
  ELSE
    PERFORM "article_facets_refresh"(ARRAY(SELECT DISTINCT "articleId" FROM changed));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "ArticleByline_facets_inserted" AFTER INSERT ON "ArticleByline"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credit_facets_changed"();
CREATE TRIGGER "ArticleByline_facets_deleted" AFTER DELETE ON "ArticleByline"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credit_facets_changed"();
CREATE TRIGGER "ArticleByline_facets_updated" AFTER UPDATE ON "ArticleByline"
  REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credit_facets_changed"();

-- The stories there are.
INSERT INTO "ArticleFacet" (facet, "sortAt", "articleId")
SELECT DISTINCT 'tag:' || t, a."sortAt", a.id FROM "Article" a CROSS JOIN unnest(a.tags) t
UNION
SELECT 'byline:' || ab."bylineId", a."sortAt", a.id FROM "ArticleByline" ab JOIN "Article" a ON a.id = ab."articleId";
