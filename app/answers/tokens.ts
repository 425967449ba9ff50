// Signed link tokens: what an answer link, an AMP form or an unsubscribe link carries. A token is
// `<payload>.<mac>`: the payload names the shop, the message, a tag of the recipient's address (the
// address itself never appears in a URL), the question and the choice; the MAC is HMAC-SHA256 over
// the payload with ANSWER_SIGNING_SECRET. Without the secret nobody can make, alter or enumerate a
// token: message ids are random and every field is under the MAC.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { z } from "zod";

const VERSION = 1;
const MAC_BYTES = 32;
/** Far above any real token (~250 characters); longer input is refused before any work. */
export const MAX_TOKEN_LENGTH = 1024;

/** What a token lets its bearer do. Part of the MAC, so one kind can never be used as another. */
export type TokenPurpose = "answer" | "amp" | "unsubscribe";
const PURPOSE_CODES = { answer: "a", amp: "f", unsubscribe: "u" } as const satisfies Record<
  TokenPurpose,
  string
>;

export type AnswerTokenClaims = {
  purpose: "answer";
  shop: string;
  messageId: string;
  recipientTag: string;
  questionKey: string;
  value: string;
  /** Unix seconds. */
  expiresAt: number;
};
/** An AMP form is bound to its question; the value comes with the form and is checked against the question. */
export type AmpTokenClaims = Omit<AnswerTokenClaims, "purpose" | "value"> & { purpose: "amp" };
/** Unsubscribe links do not expire (they must keep working long after the email was sent). */
export type UnsubscribeTokenClaims = {
  purpose: "unsubscribe";
  shop: string;
  messageId: string;
  recipientTag: string;
};
export type TokenClaims = AnswerTokenClaims | AmpTokenClaims | UnsubscribeTokenClaims;

export type VerifyFailure = "malformed" | "forged" | "expired" | "wrong_purpose";
export type VerifyResult<C> = { ok: true; claims: C } | { ok: false; reason: VerifyFailure };

const idPart = z.string().min(1).max(200);
const payloadSchema = z.union([
  z.tuple([z.literal(VERSION), z.literal("a"), idPart, idPart, idPart, idPart, idPart, z.number().int()]),
  z.tuple([z.literal(VERSION), z.literal("f"), idPart, idPart, idPart, idPart, z.number().int()]),
  z.tuple([z.literal(VERSION), z.literal("u"), idPart, idPart, idPart]),
]);

// Sending signs a dozen links per email: the key object is made once per secret, not per link.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string) {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, "utf8"))));
  return key;
}

const macInput = (payload: string) => `rl-token.${payload}`;
function mac(secret: string, payload: string) {
  return createHmac("sha256", keyOf(secret)).update(macInput(payload)).digest();
}

/** A short, stable tag of a recipient address: binds a token to the address without revealing it. */
export function recipientTag(secret: string, email: string) {
  return createHmac("sha256", secret)
    .update(`rl-recipient.${email.trim().toLowerCase()}`)
    .digest()
    .subarray(0, 9)
    .toString("base64url");
}

function toTuple(claims: TokenClaims) {
  switch (claims.purpose) {
    case "answer":
      return [
        VERSION,
        PURPOSE_CODES.answer,
        claims.shop,
        claims.messageId,
        claims.recipientTag,
        claims.questionKey,
        claims.value,
        claims.expiresAt,
      ];
    case "amp":
      return [
        VERSION,
        PURPOSE_CODES.amp,
        claims.shop,
        claims.messageId,
        claims.recipientTag,
        claims.questionKey,
        claims.expiresAt,
      ];
    case "unsubscribe":
      return [VERSION, PURPOSE_CODES.unsubscribe, claims.shop, claims.messageId, claims.recipientTag];
  }
}

export function signToken(secret: string, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(toTuple(claims))).toString("base64url");
  return `${payload}.${createHmac("sha256", keyOf(secret)).update(macInput(payload)).digest("base64url")}`;
}

function decode(secret: string, token: string): VerifyResult<TokenClaims> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: "malformed" };
  const given = Buffer.from(match[2], "base64url");
  const expected = mac(secret, match[1]);
  // The MAC is checked before the payload is even parsed: nothing unsigned is interpreted.
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const t = parsed.data;
  switch (t[1]) {
    case "a":
      return {
        ok: true,
        claims: {
          purpose: "answer",
          shop: t[2],
          messageId: t[3],
          recipientTag: t[4],
          questionKey: t[5],
          value: t[6],
          expiresAt: t[7],
        },
      };
    case "f":
      return {
        ok: true,
        claims: {
          purpose: "amp",
          shop: t[2],
          messageId: t[3],
          recipientTag: t[4],
          questionKey: t[5],
          expiresAt: t[6],
        },
      };
    case "u":
      return {
        ok: true,
        claims: { purpose: "unsubscribe", shop: t[2], messageId: t[3], recipientTag: t[4] },
      };
  }
}

/** Verifies signature, purpose and expiry (`now`); the caller still checks the message and recipient. */
export function verifyToken<P extends TokenPurpose>(
  secret: string,
  token: string,
  purpose: P,
  now: Date,
): VerifyResult<Extract<TokenClaims, { purpose: P }>> {
  const decoded = decode(secret, token);
  if (!decoded.ok) return decoded;
  const claims = decoded.claims;
  if (!hasPurpose(claims, purpose)) return { ok: false, reason: "wrong_purpose" };
  if ("expiresAt" in claims && claims.expiresAt * 1000 <= now.getTime())
    return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

function hasPurpose<P extends TokenPurpose>(
  claims: TokenClaims,
  purpose: P,
): claims is Extract<TokenClaims, { purpose: P }> {
  return claims.purpose === purpose;
}
