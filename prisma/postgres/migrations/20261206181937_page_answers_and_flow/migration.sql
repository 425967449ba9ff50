-- CreateTable
CREATE TABLE "ShopOrder" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "customerId" TEXT,
    "totalCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageAnswer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "questionKey" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "tokenCustomerId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "PageAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowTriggerUse" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "callbackAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowTriggerUse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowActionRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "actionRunId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "survey" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowActionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShopOrder_orderId_idx" ON "ShopOrder"("orderId");

-- CreateIndex
CREATE INDEX "ShopOrder_shop_customerId_idx" ON "ShopOrder"("shop", "customerId");

-- CreateIndex
CREATE INDEX "ShopOrder_shop_email_idx" ON "ShopOrder"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "ShopOrder_shop_orderId_key" ON "ShopOrder"("shop", "orderId");

-- CreateIndex
CREATE INDEX "PageAnswer_shop_state_receivedAt_idx" ON "PageAnswer"("shop", "state", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PageAnswer_shop_orderId_questionKey_key" ON "PageAnswer"("shop", "orderId", "questionKey");

-- CreateIndex
CREATE UNIQUE INDEX "PageAnswer_shop_idempotencyKey_key" ON "PageAnswer"("shop", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerUse_shop_definitionId_key" ON "FlowTriggerUse"("shop", "definitionId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowActionRun_actionRunId_key" ON "FlowActionRun"("actionRunId");

