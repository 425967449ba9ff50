// X-Twilio-Signature: base64 HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio
// called followed by every POST parameter sorted by name, each as name + value (Twilio's "Secure
// webhooks"). Checked with the helper library's own validateRequest (which also tries the URL with
// and without the default port, as Twilio may sign either).
import twilio from "twilio";

export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";

export function verifyTwilioSignature(input: {
  authToken: string;
  signature: string | null;
  url: string;
  params: Record<string, string>;
}): boolean {
  if (!input.signature) return false;
  return twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
}
