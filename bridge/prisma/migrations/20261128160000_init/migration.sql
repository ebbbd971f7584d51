-- CreateTable
CREATE TABLE "StepCursor" (
    "stepName" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PersonLink" (
    "replyContactId" TEXT NOT NULL PRIMARY KEY,
    "salesforceId" TEXT NOT NULL,
    "salesforceType" TEXT NOT NULL,
    "email" TEXT,
    "previousSalesforceId" TEXT,
    "salesforceHashes" TEXT NOT NULL DEFAULT '{}',
    "replyHashes" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncedItem" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "stepName" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "salesforceId" TEXT,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "payload" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "stepFilter" TEXT,
    "message" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
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
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "loggedToSalesforce" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("runId", "stepName"),
    CONSTRAINT "RunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRunId" TEXT NOT NULL,
    "loggedToSalesforce" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("stepName", "recordKey")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
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

