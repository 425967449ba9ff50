// CORS for AMP for Email (amp.dev, "CORS in AMP for Email"). A mail client's proxy calls our
// endpoint on behalf of the email. Version 2: it sends `AMP-Email-Sender: <the email's sender>` and
// needs `AMP-Email-Allow-Sender` back naming that sender. Version 1 (older clients): `Origin` plus
// the `__amp_source_origin` query parameter, answered with Access-Control-Allow-Origin and
// AMP-Access-Control-Allow-Source-Origin. We only vouch for our own sending address.

export type AmpCors = { ok: true; headers: Record<string, string> } | { ok: false; reason: string };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function ampCors(
  request: { headers: Headers; url: string },
  allowedSenders: readonly string[],
): AmpCors {
  const allowed = (sender: string) => allowedSenders.some((s) => same(s, sender));
  const sender = request.headers.get("amp-email-sender");
  if (sender !== null) {
    return allowed(sender)
      ? { ok: true, headers: { "AMP-Email-Allow-Sender": sender.trim() } }
      : { ok: false, reason: "sender not allowed" };
  }
  const origin = request.headers.get("origin");
  const source = new URL(request.url).searchParams.get("__amp_source_origin");
  if (origin && source) {
    if (!allowed(source)) return { ok: false, reason: "source origin not allowed" };
    return {
      ok: true,
      headers: {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "AMP-Access-Control-Allow-Source-Origin": source,
        "Access-Control-Expose-Headers": "AMP-Access-Control-Allow-Source-Origin",
      },
    };
  }
  return { ok: false, reason: "not an AMP for Email request" };
}
