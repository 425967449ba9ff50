import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKey, discountCodeKey, linkSigningKey } from "./keys.server";

describe("derived keys", () => {
  it("links keep the secret itself; discount codes get their own key", () => {
    const secret = process.env.ANSWER_SIGNING_SECRET ?? "";
    expect(linkSigningKey).toBe(secret);
    expect(discountCodeKey).toHaveLength(32);
    expect(discountCodeKey.equals(Buffer.from(secret))).toBe(false);
    const mac = (key: string | Buffer) => createHmac("sha256", key).update("x").digest("hex");
    expect(mac(discountCodeKey)).not.toBe(mac(linkSigningKey));
  });

  it("derives the same key for the same label, another for another label", () => {
    expect(deriveKey("s".repeat(32), "a").equals(deriveKey("s".repeat(32), "a"))).toBe(true);
    expect(deriveKey("s".repeat(32), "a").equals(deriveKey("s".repeat(32), "b"))).toBe(false);
  });
});
