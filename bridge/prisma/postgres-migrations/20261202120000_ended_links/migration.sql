-- CreateTable
CREATE TABLE "EndedLink" (
    "replyContactId" TEXT NOT NULL,
    "salesforceId" TEXT NOT NULL,
    "salesforceType" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EndedLink_pkey" PRIMARY KEY ("replyContactId")
);

-- CreateIndex
CREATE INDEX "EndedLink_salesforceId_idx" ON "EndedLink"("salesforceId");
