-- A message's HTML, AMP and text (~25 KB a send) and a webhook's payload (~16 KB an order) are
-- compressed with LZ4 instead of PostgreSQL's default pglz: several times less CPU per row written
-- and read, for slightly larger rows (decision 0017). Values already stored keep pglz until
-- rewritten. Needs PostgreSQL 14 or later built with LZ4, as every packaged and managed one is.
ALTER TABLE "Message" ALTER COLUMN "html" SET COMPRESSION lz4,
  ALTER COLUMN "amp" SET COMPRESSION lz4,
  ALTER COLUMN "text" SET COMPRESSION lz4;

ALTER TABLE "Event" ALTER COLUMN "payload" SET COMPRESSION lz4;
