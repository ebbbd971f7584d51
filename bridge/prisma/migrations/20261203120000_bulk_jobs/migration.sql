-- CreateTable
CREATE TABLE "BulkJob" (
    "jobId" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "BulkJob_scope_idx" ON "BulkJob"("scope");

