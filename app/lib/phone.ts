// Phone numbers as texts are addressed: E.164 (+, country code, up to 15 digits). Shopify keeps
// what the customer typed; a number is made textable by removing spaces, dashes, dots and
// parentheses, nothing more — a number without its country code stays invalid, and Twilio (or the
// outbox) refuses it with the reason the merchant then sees. Pure.

export const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** The number with its formatting removed ("+1 (415) 555-0123" → "+14155550123"). */
export function textablePhone(raw: string): string {
  return raw.trim().replace(/[\s().-]/g, "");
}

/** A stored phone (or none) made textable; null when there is nothing to text. */
export function phoneOrNull(raw: string | null | undefined): string | null {
  const phone = raw ? textablePhone(raw) : "";
  return phone === "" ? null : phone;
}
