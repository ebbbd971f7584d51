-- CreateTable
CREATE TABLE "ReplyCallCount" (
    "hourStart" DATETIME NOT NULL PRIMARY KEY,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "reporting" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "ReplyPerson" (
    "replyContactId" TEXT NOT NULL PRIMARY KEY,
    "opened" BOOLEAN NOT NULL DEFAULT false,
    "clicked" BOOLEAN NOT NULL DEFAULT false,
    "replied" BOOLEAN NOT NULL DEFAULT false,
    "bounced" BOOLEAN NOT NULL DEFAULT false,
    "statusesDue" BOOLEAN NOT NULL DEFAULT false,
    "threadsDue" BOOLEAN NOT NULL DEFAULT false,
    "activeUntil" DATETIME,
    "statusesReadAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ReplyPerson_statusesDue_idx" ON "ReplyPerson"("statusesDue");

-- CreateIndex
CREATE INDEX "ReplyPerson_threadsDue_idx" ON "ReplyPerson"("threadsDue");

-- CreateIndex
CREATE INDEX "ReplyPerson_activeUntil_statusesReadAt_idx" ON "ReplyPerson"("activeUntil", "statusesReadAt");
