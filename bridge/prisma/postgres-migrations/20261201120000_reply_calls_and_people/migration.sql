-- CreateTable
CREATE TABLE "ReplyCallCount" (
    "hourStart" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "reporting" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReplyCallCount_pkey" PRIMARY KEY ("hourStart")
);

-- CreateTable
CREATE TABLE "ReplyPerson" (
    "replyContactId" TEXT NOT NULL,
    "opened" BOOLEAN NOT NULL DEFAULT false,
    "clicked" BOOLEAN NOT NULL DEFAULT false,
    "replied" BOOLEAN NOT NULL DEFAULT false,
    "bounced" BOOLEAN NOT NULL DEFAULT false,
    "statusesDue" BOOLEAN NOT NULL DEFAULT false,
    "threadsDue" BOOLEAN NOT NULL DEFAULT false,
    "activeUntil" TIMESTAMP(3),
    "statusesReadAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplyPerson_pkey" PRIMARY KEY ("replyContactId")
);

-- CreateIndex
CREATE INDEX "ReplyPerson_statusesDue_idx" ON "ReplyPerson"("statusesDue");

-- CreateIndex
CREATE INDEX "ReplyPerson_threadsDue_idx" ON "ReplyPerson"("threadsDue");

-- CreateIndex
CREATE INDEX "ReplyPerson_activeUntil_statusesReadAt_idx" ON "ReplyPerson"("activeUntil", "statusesReadAt");
