-- The worked example's starting point: the database of an existing todo app built with Prisma,
-- as `prisma migrate deploy` left it, with its data. docs/migrating.md takes it onto the starter.
--
-- schema.prisma:
--   enum Priority { LOW MEDIUM HIGH }
--   model User {
--     id        String   @id @default(cuid())
--     email     String   @unique
--     name      String?
--     todos     Todo[]
--     createdAt DateTime @default(now())
--     updatedAt DateTime @updatedAt
--   }
--   model Todo {
--     id        String    @id @default(cuid())
--     title     String
--     done      Boolean   @default(false)
--     priority  Priority  @default(MEDIUM)
--     dueAt     DateTime?
--     user      User      @relation(fields: [userId], references: [id], onDelete: Cascade)
--     userId    String
--     createdAt DateTime  @default(now())
--     updatedAt DateTime  @updatedAt
--     @@index([userId])
--   }
--
-- What Prisma does that matters here: ids are cuid strings made by the client (no database
-- default); DateTime is `timestamp(3)` without time zone, holding UTC; `@updatedAt` is set by the
-- client (no default, no trigger); enums are PostgreSQL enum types named as in the schema.

-- Prisma Migrate's own bookkeeping.
CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);

-- migrations/20250301120000_init/migration.sql, as Prisma generated it.
-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Todo" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "priority" "Priority" NOT NULL DEFAULT 'MEDIUM',
    "dueAt" TIMESTAMP(3),
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Todo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Todo_userId_idx" ON "Todo"("userId");

-- AddForeignKey
ALTER TABLE "Todo" ADD CONSTRAINT "Todo_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
VALUES ('5b0e6f5e-2b7a-4c59-9d55-0c1f3e6a2d11', '3f1c0c2d9b0e4f7a8d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170',
        '2025-03-01 12:00:01+00', '20250301120000_init', 1);

-- The app's data. Ada signed up with a capitalised email; Supabase Auth stores emails in lower case.
-- Former has no todos (and will get no Supabase account).
INSERT INTO "User" ("id", "email", "name", "createdAt", "updatedAt") VALUES
  ('cm7ada00000000000000ada01', 'Ada@Example.com', 'Ada Lovelace', '2025-03-02 08:00:00', '2025-03-02 08:00:00'),
  ('cm7grace000000000000grc02', 'grace@example.com', 'Grace Hopper', '2025-03-03 09:15:00', '2025-04-01 10:00:00'),
  ('cm7linus000000000000lns03', 'linus@example.com', 'Linus', '2025-03-04 10:30:00', '2025-03-04 10:30:00'),
  ('cm7former00000000000frm04', 'former@example.com', 'Former User', '2025-03-05 11:45:00', '2025-03-05 11:45:00');

INSERT INTO "Todo" ("id", "title", "done", "priority", "dueAt", "userId", "createdAt", "updatedAt") VALUES
  ('cm7todo0000000000000ada01', 'Write the first program', true, 'HIGH', '2025-03-10 09:30:00', 'cm7ada00000000000000ada01', '2025-03-02 08:05:00.123', '2025-03-09 17:00:00.456'),
  ('cm7todo0000000000000ada02', 'Describe the Analytical Engine', false, 'MEDIUM', NULL, 'cm7ada00000000000000ada01', '2025-03-02 08:06:00', '2025-03-02 08:06:00'),
  ('cm7todo0000000000000lns01', 'Release 0.01', false, 'LOW', '2025-09-17 00:00:00', 'cm7linus000000000000lns03', '2025-03-04 10:31:00', '2025-03-04 10:31:00');

-- Grace has a longer list, so the copy runs in several batches.
INSERT INTO "Todo" ("id", "title", "done", "priority", "dueAt", "userId", "createdAt", "updatedAt")
SELECT 'cm7todo000000000000grc' || lpad(n::text, 3, '0'),
       'Grace task ' || n,
       n % 3 = 0,
       (ARRAY['LOW', 'MEDIUM', 'HIGH'])[1 + n % 3]::"Priority",
       NULL,
       'cm7grace000000000000grc02',
       TIMESTAMP '2025-03-03 09:20:00' + n * INTERVAL '1 minute',
       TIMESTAMP '2025-03-03 09:20:00' + n * INTERVAL '1 minute'
FROM generate_series(1, 250) AS n;
