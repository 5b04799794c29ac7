-- CreateTable
CREATE TABLE "ApiKeySection" (
    "keyId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,

    CONSTRAINT "ApiKeySection_pkey" PRIMARY KEY ("keyId","sectionId")
);

-- CreateIndex
CREATE INDEX "ApiKeySection_sectionId_idx" ON "ApiKeySection"("sectionId");

-- AddForeignKey
ALTER TABLE "ApiKeySection" ADD CONSTRAINT "ApiKeySection_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeySection" ADD CONSTRAINT "ApiKeySection_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
