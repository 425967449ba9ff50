-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "phone" TEXT,
ADD COLUMN     "smsConsentUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "smsMarketingState" TEXT;

-- CreateTable
CREATE TABLE "SmsConnection" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "accountSid" TEXT NOT NULL,
    "authTokenEnc" TEXT NOT NULL,
    "fromNumber" TEXT,
    "messagingServiceSid" TEXT,
    "status" TEXT NOT NULL DEFAULT 'connected',
    "statusReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmsConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsMessage" (
    "id" TEXT NOT NULL,
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
    "submittedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SmsMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsReply" (
    "id" TEXT NOT NULL,
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
    "shopifySyncedAt" TIMESTAMP(3),
    "shopifySyncError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmsReply_pkey" PRIMARY KEY ("id")
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

