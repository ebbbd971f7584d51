-- CreateTable
CREATE TABLE "EndedLink" (
    "replyContactId" TEXT NOT NULL PRIMARY KEY,
    "salesforceId" TEXT NOT NULL,
    "salesforceType" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "endedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "EndedLink_salesforceId_idx" ON "EndedLink"("salesforceId");
