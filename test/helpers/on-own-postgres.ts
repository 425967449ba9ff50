// Import this module first (before any app module) in a test file that stops and starts the
// PostgreSQL server itself: on the PostgreSQL project, the file's database is then on a server of
// its own (./own-postgres.ts), removed after the file; elsewhere nothing changes.
import { afterAll } from "vitest";
import { startOwnPostgres } from "./own-postgres";

export const ownPostgres = process.env.TEST_DB_ENGINE === "postgresql" ? await startOwnPostgres() : undefined;
if (ownPostgres) process.env.DATABASE_URL = ownPostgres.url;

afterAll(() => ownPostgres?.destroy());
