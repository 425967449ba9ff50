import { describe, expect, it } from "vitest";
import { MAX_TOKEN_LENGTH, recipientTag, signToken, verifyToken, type AnswerTokenClaims } from "./tokens";

const secret = "s".repeat(40);
const now = new Date("2026-03-01T12:00:00Z");
const claims: AnswerTokenClaims = {
  purpose: "answer",
  shop: "demo.myshopify.com",
  messageId: "msg_123",
  recipientTag: recipientTag(secret, "Jane@Example.com"),
  questionKey: "nps",
  value: "9",
  expiresAt: Math.floor(now.getTime() / 1000) + 3600,
};

function flip(token: string, index: number) {
  const c = token[index] === "A" ? "B" : "A";
  return token.slice(0, index) + c + token.slice(index + 1);
}

describe("answer tokens", () => {
  it("round-trips every claim", () => {
    const token = signToken(secret, claims);
    expect(verifyToken(secret, token, "answer", now)).toEqual({ ok: true, claims });
  });

  it("never contains the recipient's address", () => {
    const token = signToken(secret, claims);
    const payload = Buffer.from(token.split(".")[0] ?? "", "base64url").toString();
    expect(payload.toLowerCase()).not.toContain("example.com");
    expect(claims.recipientTag).toBe(recipientTag(secret, " jane@example.com "));
    expect(recipientTag(secret, "john@example.com")).not.toBe(claims.recipientTag);
  });

  it("refuses a token signed with another secret", () => {
    expect(verifyToken(secret, signToken("o".repeat(40), claims), "answer", now)).toEqual({
      ok: false,
      reason: "forged",
    });
  });

  it("refuses any altered character, in the payload or the MAC", () => {
    const token = signToken(secret, claims);
    for (const i of [0, 10, token.indexOf(".") - 1, token.indexOf(".") + 1, token.length - 2]) {
      const result = verifyToken(secret, flip(token, i), "answer", now);
      expect(result.ok, `position ${i}`).toBe(false);
    }
  });

  it("refuses a payload swapped in from another valid token (another choice)", () => {
    const nine = signToken(secret, claims);
    const zero = signToken(secret, { ...claims, value: "0" });
    const spliced = `${zero.split(".")[0]}.${nine.split(".")[1]}`;
    expect(verifyToken(secret, spliced, "answer", now)).toEqual({ ok: false, reason: "forged" });
  });

  it("expires", () => {
    const token = signToken(secret, claims);
    expect(verifyToken(secret, token, "answer", new Date((claims.expiresAt + 1) * 1000))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("cannot be used for another purpose", () => {
    const unsubscribe = signToken(secret, {
      purpose: "unsubscribe",
      shop: claims.shop,
      messageId: claims.messageId,
      recipientTag: claims.recipientTag,
    });
    expect(verifyToken(secret, unsubscribe, "answer", now)).toEqual({ ok: false, reason: "wrong_purpose" });
    expect(verifyToken(secret, signToken(secret, claims), "amp", now)).toEqual({
      ok: false,
      reason: "wrong_purpose",
    });
    expect(verifyToken(secret, unsubscribe, "unsubscribe", new Date("2099-01-01")).ok).toBe(true);
  });

  it("rejects garbage without throwing", () => {
    for (const junk of [
      "",
      ".",
      "abc",
      "a.b",
      "%%%.%%%",
      "x".repeat(MAX_TOKEN_LENGTH + 1),
      `${"A".repeat(20)}.${"B".repeat(43)}`,
    ]) {
      expect(verifyToken(secret, junk, "answer", now).ok).toBe(false);
    }
  });
});
