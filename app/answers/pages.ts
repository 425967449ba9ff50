// The pages a customer sees after clicking a link in an email: small, branded with the shop's name,
// logo and colour, no app chrome, no third-party requests. Plain HTML strings (these routes are
// public resource routes; they never load the embedded admin's bundle).
import { escapeHtml as e } from "../email/templates/escape";

export type Brand = { shopName: string; color: string; logoUrl: string | null; shopUrl: string };

export type Page = { status: number; html: string; headers: Record<string, string> };

/** Headers of every page: never cached, never indexed, the token in the URL never leaks as a Referer. */
function pageHeaders(nonce: string | null): Record<string, string> {
  const script = nonce ? `'nonce-${nonce}'` : "'none'";
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store, private",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": `default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; script-src ${script}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  };
}

function layout(brand: Brand, title: string, body: string, script?: { nonce: string; code: string }) {
  const c = brand.color;
  const logo = brand.logoUrl
    ? `<img src="${e(brand.logoUrl)}" alt="${e(brand.shopName)}" style="max-width:180px;max-height:64px">`
    : `<span class="shop">${e(brand.shopName)}</span>`;
  // No shop known (an invalid link): no header at all rather than someone else's name.
  const header =
    brand.shopName || brand.logoUrl
      ? `<header><a href="${e(brand.shopUrl)}" style="text-decoration:none">${logo}</a></header>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>${e(title)}${brand.shopName ? ` · ${e(brand.shopName)}` : ""}</title>
<style>
body{margin:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2937;line-height:1.55}
main{max-width:520px;margin:0 auto;padding:32px 16px}
header{text-align:center;padding-bottom:20px}
.shop{font-size:22px;font-weight:700;color:${c}}
.card{background:#fff;border-radius:12px;padding:28px 24px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h1{font-size:22px;line-height:1.3;margin:0 0 12px}
p{margin:0 0 14px}
.choice{display:inline-block;font-weight:700;color:${c};border:2px solid ${c};border-radius:999px;padding:6px 16px;margin:4px 0 16px}
button,.button{display:inline-block;background:${c};color:#fff;border:0;border-radius:8px;padding:13px 24px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.secondary{display:inline-block;margin:0 6px 8px 0;padding:9px 16px;border:1px solid ${c};border-radius:999px;color:${c};text-decoration:none}
.muted{color:#6b7280;font-size:14px}
.notice{background:#fef3c7;border-radius:8px;padding:10px 14px;font-size:15px}
</style>
</head>
<body>
<main>
${header}
<div class="card">
${body}
</div>
</main>
${script ? `<script nonce="${script.nonce}">${script.code}</script>` : ""}
</body>
</html>`;
}

/**
 * The page's own confirmation: after the page has loaded and been visible for MIN_VISIBLE_MS in
 * total, it submits the form once (mode=auto). Hidden time (a background tab, a scanner's
 * off-screen render) does not count.
 */
export function autoConfirmScript(minVisibleMs: number) {
  return `(function(){var f=document.getElementById("confirm"),m=document.getElementById("mode"),v=0,l=0,d=false;
function t(){var n=Date.now();if(document.visibilityState==="visible")v+=n-l;l=n;if(!d&&v>=${minVisibleMs}){d=true;m.value="auto";f.submit();}}
function s(){l=Date.now();setInterval(t,200);}
if(document.readyState==="complete")s();else window.addEventListener("load",s);})();`;
}

export type ChoicePageInput = {
  brand: Brand;
  prompt: string;
  label: string;
  action: string;
  clickId: string;
  /** Only a clean click gets the self-confirming script; a flagged one waits for the button. */
  autoConfirm: { nonce: string; minVisibleMs: number } | null;
  notice?: string;
  status?: number;
};

export function choicePage(input: ChoicePageInput): Page {
  const body = `<h1>${e(input.prompt)}</h1>
<p>Your answer:</p>
<p><span class="choice">${e(input.label)}</span></p>
${input.notice ? `<p class="notice">${e(input.notice)}</p>` : ""}
<form id="confirm" method="post" action="${e(input.action)}">
<input type="hidden" name="click" value="${e(input.clickId)}">
<input type="hidden" name="mode" id="mode" value="button">
<button type="submit">Confirm my answer</button>
</form>
<p class="muted" style="margin-top:16px">${input.autoConfirm ? "We'll save it in a moment, or press the button." : "Press the button to save your answer."}</p>`;
  const script = input.autoConfirm
    ? { nonce: input.autoConfirm.nonce, code: autoConfirmScript(input.autoConfirm.minVisibleMs) }
    : undefined;
  return {
    status: input.status ?? 200,
    html: layout(input.brand, "Your answer", body, script),
    headers: pageHeaders(script?.nonce ?? null),
  };
}

export type ThanksPageInput = {
  brand: Brand;
  label: string;
  followUp: { prompt: string; choices: { label: string; url: string }[] } | null;
};

export function thanksPage(input: ThanksPageInput): Page {
  const followUp = input.followUp
    ? `<h1 style="margin-top:24px">${e(input.followUp.prompt)}</h1>
<p>${input.followUp.choices.map((c) => `<a class="secondary" href="${e(c.url)}">${e(c.label)}</a>`).join("\n")}</p>`
    : `<p><a class="button" href="${e(input.brand.shopUrl)}">Visit ${e(input.brand.shopName)}</a></p>`;
  const body = `<h1>Thank you!</h1>
<p>We've saved your answer: <strong>${e(input.label)}</strong>. You can change it any time from the email.</p>
${followUp}`;
  return { status: 200, html: layout(input.brand, "Thank you", body), headers: pageHeaders(null) };
}

export function messagePage(brand: Brand, status: number, title: string, text: string): Page {
  return {
    status,
    html: layout(brand, title, `<h1>${e(title)}</h1>\n<p>${e(text)}</p>`),
    headers: pageHeaders(null),
  };
}

export function unsubscribePage(
  brand: Brand,
  input: { maskedEmail: string; action: string; alreadyUnsubscribed: boolean },
): Page {
  const body = input.alreadyUnsubscribed
    ? `<h1>You're unsubscribed</h1><p>${e(input.maskedEmail)} no longer gets marketing emails from ${e(brand.shopName)}.</p>`
    : `<h1>Unsubscribe?</h1>
<p>${e(input.maskedEmail)} will no longer get marketing emails from ${e(brand.shopName)}.</p>
<form method="post" action="${e(input.action)}"><input type="hidden" name="confirm" value="1"><button type="submit">Unsubscribe</button></form>`;
  return { status: 200, html: layout(brand, "Unsubscribe", body), headers: pageHeaders(null) };
}

export function unsubscribedPage(brand: Brand, maskedEmail: string): Page {
  const body = `<h1>You're unsubscribed</h1><p>${e(maskedEmail)} will no longer get marketing emails from ${e(brand.shopName)}. Sorry to see you go.</p>`;
  return { status: 200, html: layout(brand, "Unsubscribed", body), headers: pageHeaders(null) };
}

/** j•••@example.com: enough for the owner to recognise, not enough to learn an address from a forwarded link. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}

export function toResponse(page: Page): Response {
  return new Response(page.html, { status: page.status, headers: page.headers });
}
