// Errors that say "the database cannot be reached right now" rather than "this statement is wrong":
// a request that meets one is answered 503 (try again), and a batch that meets one is not retried
// row by row. From node-postgres, Prisma's PostgreSQL adapter and better-sqlite3.

/** PostgreSQL SQLSTATEs: connection exceptions (class 08), shutdown and start-up (57P01–57P03). */
const POSTGRES_STATES = /^(08...|57P0[123]|53300)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Can't reach database server|database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|SQLITE_BUSY|database is locked/i;

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (Reflect.get(value, name) as unknown) : undefined;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== "object" || error === null) return false;
  const code = field(error, "code");
  if (
    typeof code === "string" &&
    (POSTGRES_STATES.test(code) || NODE_CODES.has(code) || code === "SQLITE_BUSY")
  )
    return true;
  const message = field(error, "message");
  if (typeof message === "string" && MESSAGES.test(message)) return true;
  // Prisma wraps the driver's error (cause / meta.driverAdapterError); AggregateError lists several.
  const errors = field(error, "errors");
  return (
    isDatabaseUnavailable(field(error, "cause"), depth + 1) ||
    isDatabaseUnavailable(field(field(error, "meta"), "driverAdapterError"), depth + 1) ||
    (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
  );
}
