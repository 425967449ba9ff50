// Message headers: sender, recipient, and the unsubscribe headers every marketing email carries
// (RFC 2369 List-Unsubscribe with an HTTPS URL and, if configured, a mailto; RFC 8058 one-click).

/** A display name safe inside a header: no line breaks, quotes or angle brackets, at most 78 characters. */
export function displayName(name: string): string {
  return name
    .replace(/[\r\n"<>\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 78);
}

export function formatAddress(email: string, name?: string | null): string {
  const clean = name ? displayName(name) : "";
  return clean ? `"${clean}" <${email}>` : email;
}

export function unsubscribeHeaders(url: string | null, mailto?: string | null): Record<string, string> {
  if (!url) return {};
  const targets = [`<${url}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return { "List-Unsubscribe": targets.join(", "), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
