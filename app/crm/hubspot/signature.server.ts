// HubSpot request signatures, v3: base64 HMAC-SHA256 (key: the app's client secret) of
// method + URI + raw body + timestamp, with the timestamp no more than 5 minutes off. Used for
// webhooks and for the CRM card's hubspot.fetch calls.
import { timingSafeEqual } from "node:crypto";
import { Signature } from "@hubspot/api-client";

export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

// HubSpot signs the URI with these characters decoded (its docs list them).
const DECODED: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

export function hubspotSignedUri(publicUrl: string): string {
  return publicUrl.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function verifyHubSpotV3(input: {
  method: string;
  publicUrl: string;
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  clientSecret: string;
  now?: number;
}): SignatureCheck {
  if (!input.signature || !input.timestamp || !/^\d{10,16}$/.test(input.timestamp))
    return { ok: false, reason: "missing" };
  const timestamp = Number(input.timestamp);
  if (Math.abs((input.now ?? Date.now()) - timestamp) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: "stale" };
  const expected = Signature.getSignature(input.method.toUpperCase(), "v3", {
    clientSecret: input.clientSecret,
    requestBody: input.rawBody,
    url: hubspotSignedUri(input.publicUrl),
    timestamp,
    signature: "",
  });
  const a = Buffer.from(expected);
  const b = Buffer.from(input.signature);
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** A signed request as HubSpot sent it: method, request target (path and query), headers. */
export type SignedRequest = { method: string; url: string; header(name: string): string | null | undefined };

/** Checks a request HubSpot signed (webhooks, the card's hubspot.fetch) as HubSpot saw it: at our public URL. */
export function verifyHubSpotSigned(
  request: SignedRequest,
  rawBody: string,
  app: { url: string; clientSecret: string },
): SignatureCheck {
  const target = new URL(request.url, "http://x");
  return verifyHubSpotV3({
    method: request.method,
    publicUrl: new URL(`${target.pathname}${target.search}`, app.url).toString(),
    rawBody,
    signature: request.header("x-hubspot-signature-v3") ?? null,
    timestamp: request.header("x-hubspot-request-timestamp") ?? null,
    clientSecret: app.clientSecret,
  });
}

/** verifyHubSpotSigned for a Fetch Request (the CRM card's route). */
export function verifyHubSpotRequest(
  request: Request,
  rawBody: string,
  app: { url: string; clientSecret: string },
): SignatureCheck {
  const url = new URL(request.url);
  return verifyHubSpotSigned(
    {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      header: (name) => request.headers.get(name),
    },
    rawBody,
    app,
  );
}
