// The AMP part made viewable in an admin preview iframe: AMP's runtime would be fetched from
// cdn.ampproject.org (and is not allowed to run in a sandboxed frame anyway), and its boilerplate
// hides the body until that runtime has loaded. Without both, the static content shows — the
// questions, texts and layout — which is what the merchant needs to check. Pure.

export function ampForDisplay(amp: string): string {
  return amp
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, "")
    .replace(/<style\b[^>]*\bamp4email-boilerplate\b[^>]*>[\s\S]*?<\/style\s*>/gi, "");
}
