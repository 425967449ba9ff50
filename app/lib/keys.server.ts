// The keys Replyloop derives from ANSWER_SIGNING_SECRET, one per purpose. Answer, AMP and
// unsubscribe links are signed with the secret as it is (every link already sent keeps
// verifying); anything else gets a key of its own, derived with HKDF-SHA256 under its own label, so
// no two purposes ever share a key and a new one never weakens the links.
import { hkdfSync } from "node:crypto";
import { env } from "../env.server";

/** A 32-byte key for `label`, derived from `secret` (HKDF-SHA256). */
export function deriveKey(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "replyloop", label, 32));
}

/** Signs answer, AMP and unsubscribe links (app/answers/tokens.ts). */
export const linkSigningKey: string = env.ANSWER_SIGNING_SECRET;

/** Derives single-use discount codes (app/campaigns/dispatch.server.ts). */
export const discountCodeKey: Buffer = deriveKey(env.ANSWER_SIGNING_SECRET, "discount-codes/v1");
