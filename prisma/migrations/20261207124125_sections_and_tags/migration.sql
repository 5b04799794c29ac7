-- CreateTable
CREATE TABLE "Section" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "parentId" UUID,
    "seoTitle" TEXT,
    "seoDescription" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SectionSlugRedirect" (
    "slug" TEXT NOT NULL,
    "sectionId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionSlugRedirect_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagSlugRedirect" (
    "slug" TEXT NOT NULL,
    "tagId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TagSlugRedirect_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE UNIQUE INDEX "Section_slug_key" ON "Section"("slug");

-- CreateIndex
CREATE INDEX "Section_position_name_idx" ON "Section"("position", "name");

-- CreateIndex
CREATE INDEX "Section_parentId_idx" ON "Section"("parentId");

-- CreateIndex
CREATE INDEX "SectionSlugRedirect_sectionId_idx" ON "SectionSlugRedirect"("sectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");

-- CreateIndex
CREATE INDEX "Tag_name_id_idx" ON "Tag"("name", "id");

-- CreateIndex
CREATE INDEX "TagSlugRedirect_tagId_idx" ON "TagSlugRedirect"("tagId");


-- Existing data into the new model (nothing is lost): every distinct section string of the
-- articles becomes a Section (slug slugified, name from the string), every distinct tag a Tag
-- (its string as the name), and the articles then hold their slugs. Slugs are made as
-- src/lib/slug.ts does for Latin text; other text keeps itself, lower-cased (see taxonomySlug).
UPDATE "Article" SET "section" = COALESCE(NULLIF(trim(both '-' from regexp_replace(translate(lower("section"), 'áàâäãåāçćčéèêëēęíìîïīñńóòôöõøōśšúùûüūýÿžźż', 'aaaaaaaccceeeeeeiiiiinnooooooossuuuuuyyzzz'), '[^a-z0-9]+', '-', 'g')), ''), regexp_replace(lower(trim("section")), '\s+', '-', 'g'))
  WHERE "section" IS NOT NULL AND "section" <> COALESCE(NULLIF(trim(both '-' from regexp_replace(translate(lower("section"), 'áàâäãåāçćčéèêëēęíìîïīñńóòôöõøōśšúùûüūýÿžźż', 'aaaaaaaccceeeeeeiiiiinnooooooossuuuuuyyzzz'), '[^a-z0-9]+', '-', 'g')), ''), regexp_replace(lower(trim("section")), '\s+', '-', 'g'));

INSERT INTO "Section" ("id", "slug", "name")
SELECT gen_random_uuid(), d.slug, initcap(replace(d.slug, '-', ' '))
FROM (SELECT DISTINCT "section" AS slug FROM "Article" WHERE "section" IS NOT NULL) d;

INSERT INTO "Tag" ("id", "slug", "name")
SELECT gen_random_uuid(), d.slug, min(d.tag)
FROM (SELECT DISTINCT t AS tag, COALESCE(NULLIF(trim(both '-' from regexp_replace(translate(lower(t), 'áàâäãåāçćčéèêëēęíìîïīñńóòôöõøōśšúùûüūýÿžźż', 'aaaaaaaccceeeeeeiiiiinnooooooossuuuuuyyzzz'), '[^a-z0-9]+', '-', 'g')), ''), regexp_replace(lower(trim(t)), '\s+', '-', 'g')) AS slug FROM "Article", unnest("tags") AS t) d
GROUP BY d.slug;

UPDATE "Article" a SET "tags" = ARRAY(
    SELECT x.slug FROM (
      SELECT COALESCE(NULLIF(trim(both '-' from regexp_replace(translate(lower(u.t), 'áàâäãåāçćčéèêëēęíìîïīñńóòôöõøōśšúùûüūýÿžźż', 'aaaaaaaccceeeeeeiiiiinnooooooossuuuuuyyzzz'), '[^a-z0-9]+', '-', 'g')), ''), regexp_replace(lower(trim(u.t)), '\s+', '-', 'g')) AS slug, min(u.n) AS n FROM unnest(a."tags") WITH ORDINALITY AS u(t, n) GROUP BY 1
    ) x ORDER BY x.n)
  WHERE cardinality(a."tags") > 0;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_section_fkey" FOREIGN KEY ("section") REFERENCES "Section"("slug") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Section" ADD CONSTRAINT "Section_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Section"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SectionSlugRedirect" ADD CONSTRAINT "SectionSlugRedirect_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagSlugRedirect" ADD CONSTRAINT "TagSlugRedirect_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
