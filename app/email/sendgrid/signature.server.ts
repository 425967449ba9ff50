// SendGrid's Signed Event Webhook: ECDSA (P-256) over timestamp + raw body, verified with
// @sendgrid/eventwebhook against the public key from Mail Settings.
import { EventWebhook } from "@sendgrid/eventwebhook";

const verifier = new EventWebhook();
const keys = new Map<string, ReturnType<EventWebhook["convertPublicKeyToECDSA"]>>();

export const SENDGRID_SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const SENDGRID_TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

export function verifySendGridSignature(
  publicKey: string,
  rawBody: string,
  signature: string | null,
  timestamp: string | null,
) {
  if (!signature || !timestamp) return false;
  try {
    let key = keys.get(publicKey);
    if (!key) {
      key = verifier.convertPublicKeyToECDSA(publicKey);
      keys.set(publicKey, key);
    }
    return verifier.verifySignature(key, rawBody, signature, timestamp);
  } catch {
    // Undecodable signature or key: not a valid request.
    return false;
  }
}
