-- CreateTable
CREATE TABLE "CrmContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "portalId" TEXT NOT NULL,
    "hubspotId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CrmContact_portalId_hubspotId_idx" ON "CrmContact"("portalId", "hubspotId");

-- CreateIndex
CREATE INDEX "CrmContact_shop_email_idx" ON "CrmContact"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "CrmContact_shop_hubspotId_key" ON "CrmContact"("shop", "hubspotId");

