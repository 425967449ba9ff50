import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

const valid = { ...process.env };

describe("configuration", () => {
  it("accepts the .env.example values", () => {
    const env = parseEnv(valid);
    expect(env.TOKEN_ENCRYPTION_KEY).toHaveLength(32);
    expect(env.JOBS_IN_PROCESS).toBe(false);
  });

  it("names every missing or malformed variable", () => {
    const broken = {
      ...valid,
      SHOPIFY_API_KEY: undefined,
      SHOPIFY_APP_URL: "not a url",
      DATABASE_URL: "mysql://x",
    };
    expect(() => parseEnv(broken)).toThrow(EnvError);
    try {
      parseEnv(broken);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("SHOPIFY_API_KEY: is missing");
      expect(message).toMatch(/SHOPIFY_APP_URL: /);
      expect(message).toMatch(/DATABASE_URL: must start with "file:"/);
    }
  });

  it("requires the SendGrid webhook key once SendGrid sends", () => {
    expect(() => parseEnv({ ...valid, SENDGRID_API_KEY: "SG.x" })).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });

  // The sandbox's own settings (and its refusal in production): sandbox/host/config.test.ts.
});
