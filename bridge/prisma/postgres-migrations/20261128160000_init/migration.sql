-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "StepCursor" (
    "stepName" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StepCursor_pkey" PRIMARY KEY ("stepName")
);

-- CreateTable
CREATE TABLE "PersonLink" (
    "replyContactId" TEXT NOT NULL,
    "salesforceId" TEXT NOT NULL,
    "salesforceType" TEXT NOT NULL,
    "email" TEXT,
    "previousSalesforceId" TEXT,
    "salesforceHashes" TEXT NOT NULL DEFAULT '{}',
    "replyHashes" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonLink_pkey" PRIMARY KEY ("replyContactId")
);

-- CreateTable
CREATE TABLE "SyncedItem" (
    "key" TEXT NOT NULL,
    "stepName" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "salesforceId" TEXT,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "payload" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncedItem_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "stepFilter" TEXT,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStep" (
    "runId" TEXT NOT NULL,
    "stepName" TEXT NOT NULL,
    "stepKind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "read" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "salesforceApiCalls" INTEGER NOT NULL DEFAULT 0,
    "replyApiCalls" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "loggedToSalesforce" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RunStep_pkey" PRIMARY KEY ("runId","stepName")
);

-- CreateTable
CREATE TABLE "RecordError" (
    "stepName" TEXT NOT NULL,
    "recordKey" TEXT NOT NULL,
    "stepKind" TEXT NOT NULL,
    "salesforceId" TEXT,
    "replyId" TEXT,
    "label" TEXT,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "payload" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "gaveUp" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRunId" TEXT NOT NULL,
    "loggedToSalesforce" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RecordError_pkey" PRIMARY KEY ("stepName","recordKey")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonLink_salesforceId_key" ON "PersonLink"("salesforceId");

-- CreateIndex
CREATE INDEX "PersonLink_email_idx" ON "PersonLink"("email");

-- CreateIndex
CREATE INDEX "PersonLink_previousSalesforceId_idx" ON "PersonLink"("previousSalesforceId");

-- CreateIndex
CREATE INDEX "SyncedItem_stepName_idx" ON "SyncedItem"("stepName");

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt");

-- CreateIndex
CREATE INDEX "RecordError_stepName_resolved_gaveUp_idx" ON "RecordError"("stepName", "resolved", "gaveUp");

-- CreateIndex
CREATE INDEX "RecordError_loggedToSalesforce_idx" ON "RecordError"("loggedToSalesforce");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_eventId_key" ON "WebhookEvent"("eventId");

-- CreateIndex
CREATE INDEX "WebhookEvent_processedAt_idx" ON "WebhookEvent"("processedAt");

-- AddForeignKey
ALTER TABLE "RunStep" ADD CONSTRAINT "RunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

