-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "phone" TEXT;
ALTER TABLE "Customer" ADD COLUMN "smsConsentUpdatedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "smsMarketingState" TEXT;

-- CreateTable
CREATE TABLE "SmsConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "accountSid" TEXT NOT NULL,
    "authTokenEnc" TEXT NOT NULL,
    "fromNumber" TEXT,
    "messagingServiceSid" TEXT,
    "status" TEXT NOT NULL DEFAULT 'connected',
    "statusReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SmsMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "sendId" TEXT,
    "campaign" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "toPhone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customerId" TEXT,
    "body" TEXT NOT NULL,
    "question" JSONB,
    "transport" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "providerId" TEXT,
    "error" TEXT,
    "submittedAt" DATETIME,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SmsReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "fromPhone" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "smsMessageId" TEXT,
    "questionKey" TEXT,
    "value" TEXT,
    "email" TEXT,
    "customerId" TEXT,
    "shopifySyncedAt" DATETIME,
    "shopifySyncError" TEXT,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SmsConnection_shop_key" ON "SmsConnection"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "SmsMessage_sendId_key" ON "SmsMessage"("sendId");

-- CreateIndex
CREATE INDEX "SmsMessage_shop_toPhone_submittedAt_idx" ON "SmsMessage"("shop", "toPhone", "submittedAt");

-- CreateIndex
CREATE INDEX "SmsMessage_shop_createdAt_idx" ON "SmsMessage"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SmsMessage_providerId_idx" ON "SmsMessage"("providerId");

-- CreateIndex
CREATE INDEX "SmsReply_shop_receivedAt_idx" ON "SmsReply"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "SmsReply_shop_fromPhone_idx" ON "SmsReply"("shop", "fromPhone");

-- CreateIndex
CREATE UNIQUE INDEX "SmsReply_shop_providerId_key" ON "SmsReply"("shop", "providerId");

-- CreateIndex
CREATE INDEX "Customer_shop_phone_idx" ON "Customer"("shop", "phone");

