// Structured one-line logs. Never log tokens, secrets or message bodies; personal data only where
// an operator needs it to act (and then the least of it).
import { env } from "../env.server";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;
type Fields = Record<string, unknown>;

function write(level: Level, message: string, fields?: Fields) {
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  const line = fields && Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message;
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
