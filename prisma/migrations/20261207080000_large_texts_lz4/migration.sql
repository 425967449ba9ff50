-- PostgreSQL only (its large texts compressed with LZ4, prisma/postgres/migrations): SQLite does
-- not compress values, so nothing changes here. Kept so both histories have the same steps.
SELECT 1;
