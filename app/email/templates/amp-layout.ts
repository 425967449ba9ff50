// The AMP part (text/x-amp-html): the same email, with each question as an amp-form the customer
// answers without leaving the mail client. Markup per the AMP for Email spec: <html ⚡4email
// data-css-strict>, the v0 runtime, the amp4email boilerplate, amp-img with dimensions, forms that
// post with action-xhr. A question with follow-ups shows the matching follow-up form after the
// answer (amp-bind state set from the endpoint's response). Checked by amp/check.ts.
import type { FollowUp, Question } from "../../campaigns/questions";
import { answerValues, labelOf } from "../../campaigns/questions";
import { literalHtml } from "./escape";
import { ampTokenVar, type LayoutSpec } from "./layout-spec";

export const AMP_RUNTIME = "https://cdn.ampproject.org/v0.js";
export const ampExtension = (name: string, version = "0.1") =>
  `https://cdn.ampproject.org/v0/${name}-${version}.js`;

const MUTED = "#6b7280";

function css(spec: LayoutSpec) {
  const brand = spec.brand.color;
  return `body{margin:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2937;font-size:16px;line-height:1.55}
.wrap{max-width:600px;margin:0 auto;padding:24px 12px}
.header{text-align:center;padding:4px 0 16px}
.shop-name{font-size:22px;font-weight:700;color:${brand};text-decoration:none}
.card{background:#ffffff;border-radius:12px;padding:24px}
h1{font-size:24px;line-height:1.3;margin:0 0 12px}
p{margin:0 0 12px}
a{color:${brand}}
.code{border:2px dashed ${brand};border-radius:10px;padding:16px 12px;text-align:center;margin:8px 0 16px}
.code-label{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:${MUTED}}
.code-value{font-size:26px;font-weight:700;letter-spacing:.06em;color:${brand};padding:4px 0}
.muted{color:${MUTED};font-size:14px}
.items{width:100%;border-collapse:collapse;font-size:15px;margin:8px 0}
.items td{padding:10px 0;vertical-align:top;border-bottom:1px solid #e5e7eb}
.items .desc{padding:10px 12px}
.items .price{text-align:right;white-space:nowrap}
.items .total td{border-bottom:0;font-weight:700}
.question{margin:20px 0 8px}
.prompt{font-size:17px;font-weight:700;margin:0 0 8px}
.choice{display:inline-block;margin:0 6px 8px 0;padding:8px 14px;border:1px solid ${brand};border-radius:999px;color:${brand};font-size:15px}
.scale .choice{padding:6px 6px;margin:0 3px 6px 0;border-radius:6px;font-weight:600;font-size:14px}
.scale-labels{display:flex;justify-content:space-between;font-size:12px;color:${MUTED}}
.note{font-size:15px;color:${MUTED}}
.cta{text-align:center;margin:0}
.button{display:inline-block;background:${brand};color:${spec.brand.textOnColor};text-decoration:none;font-weight:600;padding:14px 28px;border-radius:8px;margin:20px 0 8px}
.footer{text-align:center;font-size:12px;line-height:1.6;color:${MUTED};padding:16px 12px 8px}
.footer a{color:${MUTED}}`;
}

const stateVar = (questionKey: string) => `rl_${questionKey}`;

function form(question: Question | FollowUp, spec: LayoutSpec, followUps: boolean) {
  const id = `rlf-${question.key}`;
  const scale = "kind" in question && question.kind === "scale";
  const onSuccess = followUps
    ? ` on="submit-success:AMP.setState({${stateVar(question.key)}: event.response.followUp})"`
    : "";
  const choices = answerValues(question)
    .map(
      (value) =>
        `<label class="choice"><input type="radio" name="value" value="${value}" on="change:${id}.submit"> ${literalHtml(labelOf(question, value))}</label>`,
    )
    .join("\n");
  const labels =
    scale && "minLabel" in question && (question.minLabel || question.maxLabel)
      ? `<div class="scale-labels"><span>${literalHtml(question.minLabel ?? "")}</span><span>${literalHtml(question.maxLabel ?? "")}</span></div>`
      : "";
  return `<form id="${id}" class="question" method="post" action-xhr="${literalHtml(spec.ampEndpoint)}"${onSuccess}>
<input type="hidden" name="token" value="{{ ${ampTokenVar(question.key)} }}">
<p class="prompt">${literalHtml(question.prompt)}</p>
<div class="choices${scale ? " scale" : ""}">
${choices}
</div>
${labels}
<div submitting><p class="note">Saving your answer…</p></div>
<div submit-success><p class="note">Thank you! Your answer is saved. You can change it any time.</p></div>
<div submit-error><p class="note">Sorry, that didn't work. Please try again, or use the links in the version of this email for other mail apps.</p></div>
</form>`;
}

function questionBlock(question: Question, spec: LayoutSpec) {
  const followUps = question.followUps ?? [];
  const hidden = followUps
    .map(
      ({ question: f }) =>
        `<div class="followup" hidden [hidden]="${stateVar(question.key)} != '${f.key}'">\n${form(f, spec, false)}\n</div>`,
    )
    .join("\n");
  return `${form(question, spec, followUps.length > 0)}${hidden ? `\n${hidden}` : ""}`;
}

function items(source: "checkout" | "order") {
  return `<table class="items">
{{ rl.item_rows_amp | raw }}
<tr class="total"><td></td><td class="desc">Total</td><td class="price">{{ ${source}.total_price }}</td></tr>
</table>`;
}

export function usesAmpBind(spec: LayoutSpec) {
  return spec.questions.some((q) => (q.followUps?.length ?? 0) > 0);
}

export function ampLayout(spec: LayoutSpec): string {
  const scripts = [
    `<script async src="${AMP_RUNTIME}"></script>`,
    spec.questions.length
      ? `<script async custom-element="amp-form" src="${ampExtension("amp-form")}"></script>`
      : "",
    usesAmpBind(spec)
      ? `<script async custom-element="amp-bind" src="${ampExtension("amp-bind")}"></script>`
      : "",
  ].filter(Boolean);
  const name = literalHtml(spec.shop.name);
  const url = literalHtml(spec.shop.url);
  const logo = spec.brand.logoUrl
    ? `<a href="${url}"><amp-img src="${literalHtml(spec.brand.logoUrl)}" width="160" height="60" layout="fixed" object-fit="contain" alt="${name}"></amp-img></a>`
    : `<a class="shop-name" href="${url}">${name}</a>`;
  const questions = spec.questions.map((q) => questionBlock(q, spec)).join("\n");
  const button = `<p class="cta"><a class="button" href="{{ ${spec.ctaUrl} }}">{{ rl.content.button_label | raw }}</a></p>`;
  const discount = spec.discount
    ? `<div class="code"><div class="code-label">Your code</div><div class="code-value">{{ discount.code }}</div><div class="muted">{{ discount.percent }}% off your order · expires {{ discount.expires_at | date: "%B %-d, %Y" }}</div></div>`
    : "";
  const unsubscribe = spec.marketing
    ? `<br>You're receiving this email because you shopped at ${name}. <a href="{{ rl.unsubscribe_url }}">Unsubscribe</a>`
    : "";
  const address = spec.shop.address ? ` · ${literalHtml(spec.shop.address)}` : "";
  return `<!doctype html>
<html ⚡4email data-css-strict>
<head>
<meta charset="utf-8">
${scripts.join("\n")}
<style amp4email-boilerplate>body{visibility:hidden}</style>
<style amp-custom>
${css(spec)}
</style>
</head>
<body>
<div class="wrap">
<div class="header">${logo}</div>
<div class="card">
<h1>{{ rl.content.heading | raw }}</h1>
<div class="body">{{ rl.content.body | raw }}</div>
${spec.questionsFirst ? questions : ""}
${discount}
${spec.items ? items(spec.items) : ""}
${button}
${spec.questionsFirst ? "" : questions}
</div>
<div class="footer">${name}${address}${unsubscribe}</div>
</div>
</body>
</html>`;
}
