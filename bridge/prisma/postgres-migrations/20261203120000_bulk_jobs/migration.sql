-- CreateTable
CREATE TABLE "BulkJob" (
    "jobId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("jobId")
);

-- CreateIndex
CREATE INDEX "BulkJob_scope_idx" ON "BulkJob"("scope");
