-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "address" TEXT,
    "settings" JSONB NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "CampaignConfig" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "webhookId" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "processedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "idempotencyKey" TEXT,
    "cancelKey" TEXT,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "lastError" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "marketingState" TEXT,
    "consentUpdatedAt" TIMESTAMP(3),
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "amountSpentCents" INTEGER NOT NULL DEFAULT 0,
    "tags" JSONB NOT NULL,
    "vipTier" TEXT NOT NULL DEFAULT 'none',
    "vipTierAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Journey" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "exitReason" TEXT,
    "context" JSONB NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "exitedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Journey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledSend" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'scheduled',
    "reason" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "capped" BOOLEAN NOT NULL DEFAULT true,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduledSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "journeyId" TEXT,
    "campaign" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "kind" TEXT NOT NULL,
    "reason" TEXT,
    "detail" JSONB,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "sendId" TEXT,
    "campaign" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "fromAddr" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "html" TEXT NOT NULL,
    "amp" TEXT,
    "text" TEXT NOT NULL,
    "questions" JSONB,
    "transport" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "providerId" TEXT,
    "submittedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "clickedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customerId" TEXT,
    "channel" TEXT NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL,
    "crmQueuedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnswerClick" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "flags" JSONB NOT NULL,
    "userAgent" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnswerClick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmConnection" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "portalId" TEXT NOT NULL,
    "authType" TEXT NOT NULL,
    "accessTokenEnc" TEXT NOT NULL,
    "refreshTokenEnc" TEXT,
    "expiresAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'connected',
    "statusReason" TEXT,
    "requestsPer10s" INTEGER NOT NULL DEFAULT 110,
    "lastWriteAt" TIMESTAMP(3),
    "propertiesSyncedAt" TIMESTAMP(3),
    "properties" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrmContact" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "portalId" TEXT NOT NULL,
    "hubspotId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrmContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "state" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "CrmWrite" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "eventAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "CrmWrite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateWindow_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateTable
CREATE TABLE "Conversion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "journeyId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "orderedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "export" JSONB,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignConfig_shop_kind_key" ON "CampaignConfig"("shop", "kind");

-- CreateIndex
CREATE INDEX "Event_shop_customerId_idx" ON "Event"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Event_shop_email_idx" ON "Event"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Event_shop_source_topic_dedupeKey_key" ON "Event"("shop", "source", "topic", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- CreateIndex
CREATE INDEX "Job_cancelKey_idx" ON "Job"("cancelKey");

-- CreateIndex
CREATE INDEX "Customer_shop_email_idx" ON "Customer"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_shop_shopifyId_key" ON "Customer"("shop", "shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_shop_email_key" ON "Suppression"("shop", "email");

-- CreateIndex
CREATE INDEX "Journey_shop_email_idx" ON "Journey"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Journey_shop_campaign_subjectKey_key" ON "Journey"("shop", "campaign", "subjectKey");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledSend_idempotencyKey_key" ON "ScheduledSend"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ScheduledSend_shop_state_runAt_idx" ON "ScheduledSend"("shop", "state", "runAt");

-- CreateIndex
CREATE INDEX "ScheduledSend_journeyId_idx" ON "ScheduledSend"("journeyId");

-- CreateIndex
CREATE INDEX "Decision_shop_at_idx" ON "Decision"("shop", "at");

-- CreateIndex
CREATE INDEX "Decision_journeyId_idx" ON "Decision"("journeyId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_sendId_key" ON "Message"("sendId");

-- CreateIndex
CREATE INDEX "Message_shop_createdAt_idx" ON "Message"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Message_shop_toEmail_idx" ON "Message"("shop", "toEmail");

-- CreateIndex
CREATE INDEX "Answer_shop_answeredAt_idx" ON "Answer"("shop", "answeredAt");

-- CreateIndex
CREATE INDEX "Answer_shop_email_idx" ON "Answer"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_messageId_questionKey_key" ON "Answer"("messageId", "questionKey");

-- CreateIndex
CREATE INDEX "AnswerClick_shop_at_idx" ON "AnswerClick"("shop", "at");

-- CreateIndex
CREATE INDEX "AnswerClick_messageId_at_idx" ON "AnswerClick"("messageId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "CrmConnection_shop_key" ON "CrmConnection"("shop");

-- CreateIndex
CREATE INDEX "CrmConnection_portalId_idx" ON "CrmConnection"("portalId");

-- CreateIndex
CREATE INDEX "CrmContact_portalId_hubspotId_idx" ON "CrmContact"("portalId", "hubspotId");

-- CreateIndex
CREATE INDEX "CrmContact_shop_email_idx" ON "CrmContact"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "CrmContact_shop_hubspotId_key" ON "CrmContact"("shop", "hubspotId");

-- CreateIndex
CREATE INDEX "CrmWrite_state_nextAttemptAt_idx" ON "CrmWrite"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "CrmWrite_shop_state_idx" ON "CrmWrite"("shop", "state");

-- CreateIndex
CREATE INDEX "CrmWrite_shop_email_idx" ON "CrmWrite"("shop", "email");

-- CreateIndex
CREATE INDEX "Conversion_shop_campaign_orderedAt_idx" ON "Conversion"("shop", "campaign", "orderedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Conversion_shop_orderId_key" ON "Conversion"("shop", "orderId");

