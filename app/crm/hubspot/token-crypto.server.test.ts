import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken } from "./token-crypto.server";

const key = randomBytes(32);

describe("token encryption", () => {
  it("round-trips and never contains the token", () => {
    const token = "pat-na1-11111111-2222-3333-4444-555555555555";
    const stored = encryptToken(token, key);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(Buffer.from(token).toString("base64"));
    expect(decryptToken(stored, key)).toBe(token);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptToken("same", key)).not.toBe(encryptToken("same", key));
  });

  it("refuses another key and tampered ciphertext", () => {
    const stored = encryptToken("secret-token", key);
    expect(() => decryptToken(stored, randomBytes(32))).toThrow();
    const parts = stored.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptToken(parts.join("."), key)).toThrow();
    expect(() => decryptToken("plain-text-token", key)).toThrow();
  });
});
