// Every setting Replyloop reads, validated once at start-up. A missing or malformed variable stops
// the process with a message that names it. `.env.example` lists them all with safe local values.
import { z } from "zod";
import { DEFAULT_DIRECT_CONNECTIONS, databaseKind } from "./db/database-url";

const url = z.url({ protocol: /^https?$/ });
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const secret = (min: number) => z.string().min(min, `must be at least ${min} characters`);
const key32 = z
  .string()
  .refine((v) => decodeKey(v)?.length === 32, "must be 32 bytes, as 64 hex characters or base64")
  .transform((v) => decodeKey(v) as Buffer);

function decodeKey(v: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  const b = Buffer.from(v, "base64");
  return b.length === 32 ? b : undefined;
}

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),

    DATABASE_URL: z.string().refine((v) => {
      try {
        databaseKind(v);
        return true;
      } catch {
        return false;
      }
    }, 'must start with "file:" (SQLite) or "postgres://" (PostgreSQL)'),
    // PostgreSQL: the direct driver's connections per process (webhook intake, sends, delivery
    // reports), besides Prisma's 10 and pg-boss's 5. A worker's sends queue for them (decision 0017).
    DATABASE_DIRECT_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(DEFAULT_DIRECT_CONNECTIONS),

    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: url,
    SCOPES: z.string().optional(),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // Replaces https://{shop} for Admin API calls and token exchange (tests and the sandbox use a local server).
    SHOPIFY_ADMIN_API_ORIGIN: url.optional(),
    // Where the embedded admin loads App Bridge from, instead of Shopify's CDN (the sandbox's stand-in).
    SHOPIFY_APP_BRIDGE_URL: url.optional(),

    HUBSPOT_CLIENT_ID: z.string().min(1),
    HUBSPOT_CLIENT_SECRET: z.string().min(1),
    HUBSPOT_API_BASE_URL: url.default("https://api.hubapi.com"),
    HUBSPOT_APP_BASE_URL: url.default("https://app.hubspot.com"),

    SENDGRID_API_KEY: z.string().min(1).optional(),
    SENDGRID_API_BASE_URL: url.default("https://api.sendgrid.com"),
    SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
    EMAIL_FROM_ADDRESS: z.email(),

    // Twilio's REST API (texts): each shop connects its own account in the admin; a proxy or the
    // local stand-in (tests, the sandbox) replaces Twilio's origin here.
    TWILIO_API_BASE_URL: url.default("https://api.twilio.com"),
    UNSUBSCRIBE_MAILTO: z.email().optional(),

    ANSWER_SIGNING_SECRET: secret(32),
    TOKEN_ENCRYPTION_KEY: key32,

    // Jobs: `npm start` runs a worker in the web process unless JOBS_IN_PROCESS=false.
    JOBS_IN_PROCESS: flag.default(true),
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    // Sends (emails and texts) a worker has in flight at once: each mostly waits on SendGrid or
    // Twilio, so these overlap instead of taking JOB_CONCURRENCY's slots (decision 0017).
    SEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
    JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
    JOB_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  })
  .superRefine((env, ctx) => {
    if (env.SENDGRID_API_KEY && !env.SENDGRID_WEBHOOK_PUBLIC_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["SENDGRID_WEBHOOK_PUBLIC_KEY"],
        message: "is required when SENDGRID_API_KEY is set (the Event Webhook verification key)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment, throwing an EnvError whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const missing = issue.code === "invalid_type" && source[name] === undefined;
    return `  ${name}: ${missing ? "is missing" : issue.message}`;
  });
  throw new EnvError(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
}

export const env: Env = parseEnv(process.env);
