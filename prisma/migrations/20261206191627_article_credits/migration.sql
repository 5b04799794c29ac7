-- CreateTable
CREATE TABLE "ArticleCredits" (
    "articleId" UUID NOT NULL,
    "credits" JSON NOT NULL,

    CONSTRAINT "ArticleCredits_pkey" PRIMARY KEY ("articleId")
);

-- AddForeignKey
ALTER TABLE "ArticleCredits" ADD CONSTRAINT "ArticleCredits_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma does not model triggers): keep "ArticleCredits" equal to what the join of
-- "ArticleByline" and "Byline" gives, whoever writes them.
--
-- Two transactions may change what one article's credits print at once (credits edited while a
-- credited byline is renamed, two credited bylines renamed). Each refresh therefore takes an
-- advisory lock for its articles (256 shared by all), held to the end of its transaction, and
-- computes in a statement of its own, whose snapshot sees the refresh it waited for committed:
-- the last refresh sees every change. A rename only refreshes the articles credited when it runs;
-- a credit added meanwhile locks its byline's row (FOR SHARE), so that one of the two waits for
-- the other.
CREATE FUNCTION "article_credits_refresh"(articles uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- 256 locks at most, whatever the number of articles: each takes a slot of the shared lock table.
  PERFORM pg_advisory_xact_lock(hashtext('ArticleCredits'), bucket)
  FROM (SELECT DISTINCT hashtext(id::text) & 255 AS bucket FROM unnest(articles) AS id) buckets ORDER BY bucket;
  DELETE FROM "ArticleCredits" c WHERE c."articleId" = ANY(articles)
    AND NOT EXISTS (SELECT 1 FROM "ArticleByline" ab WHERE ab."articleId" = c."articleId");
  INSERT INTO "ArticleCredits" ("articleId", credits)
  SELECT ab."articleId", json_agg(json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'role', ab.role) ORDER BY ab.position)
  FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
  WHERE ab."articleId" = ANY(articles) GROUP BY ab."articleId"
  ON CONFLICT ("articleId") DO UPDATE SET credits = EXCLUDED.credits;
END $$;

CREATE FUNCTION "credits_refresh_articles"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM "Byline" WHERE id IN (SELECT "bylineId" FROM changed) ORDER BY id FOR SHARE;
    PERFORM "article_credits_refresh"(ARRAY(SELECT "articleId" FROM changed UNION SELECT "articleId" FROM gone));
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM "Byline" WHERE id IN (SELECT "bylineId" FROM changed) ORDER BY id FOR SHARE;
    PERFORM "article_credits_refresh"(ARRAY(SELECT DISTINCT "articleId" FROM changed));
  ELSE
    PERFORM "article_credits_refresh"(ARRAY(SELECT DISTINCT "articleId" FROM changed));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ArticleByline_credits_inserted" AFTER INSERT ON "ArticleByline"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_refresh_articles"();
CREATE TRIGGER "ArticleByline_credits_deleted" AFTER DELETE ON "ArticleByline"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_refresh_articles"();
CREATE TRIGGER "ArticleByline_credits_updated" AFTER UPDATE ON "ArticleByline"
  REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "credits_refresh_articles"();

-- A byline's name or kind shows in the credits of every article it is credited on.
CREATE FUNCTION "byline_refresh_articles"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "article_credits_refresh"(ARRAY(
    SELECT DISTINCT ab."articleId" FROM "ArticleByline" ab
    JOIN changed n ON n.id = ab."bylineId" JOIN gone o ON o.id = n.id
    WHERE n.name IS DISTINCT FROM o.name OR n.kind IS DISTINCT FROM o.kind));
  RETURN NULL;
END $$;

CREATE TRIGGER "Byline_credits_updated" AFTER UPDATE ON "Byline"
  REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "byline_refresh_articles"();

SELECT "article_credits_refresh"(ARRAY(SELECT DISTINCT "articleId" FROM "ArticleByline"));
