import { describe, expect, it } from "vitest";
import { readSandboxConfig, sandboxRequested } from "./config.ts";

const valid = {
  ...process.env,
  NODE_ENV: "development",
  REPLYLOOP_SANDBOX: "true",
  SANDBOX_CONTROL_URL: "http://127.0.0.1:3458",
  SANDBOX_DATA_DIR: "/tmp/sandbox",
};

describe("sandbox configuration", () => {
  it("accepts what npm run sandbox sets", () => {
    expect(readSandboxConfig(valid).SANDBOX_DATA_DIR).toBe("/tmp/sandbox");
    expect(sandboxRequested(valid)).toBe(true);
    expect(sandboxRequested({ ...valid, REPLYLOOP_SANDBOX: undefined })).toBe(false);
  });

  it("refuses the sandbox flag in production", () => {
    expect(() => readSandboxConfig({ ...valid, NODE_ENV: "production", REPLYLOOP_SANDBOX: "1" })).toThrow(
      /REPLYLOOP_SANDBOX/,
    );
  });

  it("names what is missing", () => {
    expect(() => readSandboxConfig({ ...valid, SANDBOX_CONTROL_URL: undefined })).toThrow(
      /SANDBOX_CONTROL_URL: is missing/,
    );
  });
});
