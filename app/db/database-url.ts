import path from "node:path";

/** Which engine a DATABASE_URL selects: `file:` is SQLite (embedded default), `postgres(ql)://` is PostgreSQL. */
export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgres://" (PostgreSQL), got "${url.split(":")[0]}:…"`,
  );
}

/**
 * The direct driver's PostgreSQL connections per process when DATABASE_DIRECT_CONNECTIONS does not
 * say (decision 0017: more buy nothing with the database on the same cores).
 */
export const DEFAULT_DIRECT_CONNECTIONS = 4;

/** Absolute path of a SQLite `file:` URL; relative paths are taken from the working directory. */
export function sqlitePath(url: string, cwd = process.cwd()): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(cwd, raw);
}

/** Discrete connection fields of a PostgreSQL URL (the Prisma CLI adapter needs them apart). */
export function postgresFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}
