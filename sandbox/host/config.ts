// Sandbox mode's settings, read by server.ts when REPLYLOOP_SANDBOX is set (only `npm run sandbox`
// sets it). Refused together with NODE_ENV=production: a production server never mounts /sandbox.
import { z } from "zod";

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    REPLYLOOP_SANDBOX: z.enum(["true", "1"]),
    /** The sandbox's control server: the simulated store and the HubSpot portal. */
    SANDBOX_CONTROL_URL: z.url({ protocol: /^http$/ }),
    /** Where the sandbox keeps its state (the clock's offset). */
    SANDBOX_DATA_DIR: z.string().min(1),
    SHOPIFY_APP_URL: z.url(),
    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    /** The UI extensions built for this app URL (the Thank-you page's survey block). */
    SANDBOX_EXTENSIONS_DIR: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production")
      ctx.addIssue({
        code: "custom",
        path: ["REPLYLOOP_SANDBOX"],
        message: "must not be set when NODE_ENV=production",
      });
  });
export type SandboxConfig = z.output<typeof schema>;

/** The sandbox's settings, or an error that names every bad variable. */
export function readSandboxConfig(source: Record<string, string | undefined>): SandboxConfig {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    return `  ${name}: ${source[name] === undefined ? "is missing (npm run sandbox sets it)" : issue.message}`;
  });
  const error = new Error(`Invalid sandbox configuration:\n${lines.join("\n")}`);
  error.name = "EnvError";
  throw error;
}

export const sandboxRequested = (source: Record<string, string | undefined>) =>
  source.REPLYLOOP_SANDBOX === "true" || source.REPLYLOOP_SANDBOX === "1";
