// The HTML part: MJML (responsive, tested across mail clients by the MJML project) with Liquid for
// everything that differs per recipient. Liquid tags are shielded from MJML at compile time
// (compile.server.ts), so they may sit in text and attribute values; blocks that depend on the data
// are chosen here, from the spec, never by Liquid around MJML structure. What is the same for every
// recipient of the shop (name, address, logo, colour, question texts) is written in directly.
import type { FollowUp, Question } from "../../campaigns/questions";
import { answerValues, labelOf } from "../../campaigns/questions";
import { escapeHtml, literalHtml } from "./escape";
import { answerRowsVar, type LayoutSpec } from "./layout-spec";

const MUTED = "#6b7280";
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

function header(spec: LayoutSpec) {
  const brand = spec.brand.color;
  const name = literalHtml(spec.shop.name);
  const url = literalHtml(spec.shop.url);
  const logo = spec.brand.logoUrl
    ? `<mj-image src="${literalHtml(spec.brand.logoUrl)}" alt="${name}" href="${url}" width="160px" align="center" padding="0 24px" />`
    : `<mj-text align="center" font-size="22px" font-weight="700" padding="0 24px"><a href="${url}" style="color:${brand};text-decoration:none">${name}</a></mj-text>`;
  return `<mj-section padding="28px 0 16px"><mj-column>${logo}</mj-column></mj-section>`;
}

function discountBlock(spec: LayoutSpec) {
  const brand = spec.brand.color;
  return `<mj-text align="center" padding="8px 24px 16px">
  <div style="border:2px dashed ${brand};border-radius:10px;padding:16px 12px">
    <div style="font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:${MUTED}">Your code</div>
    <div style="font-size:26px;font-weight:700;letter-spacing:.06em;color:${brand};padding:4px 0">{{ discount.code }}</div>
    <div style="font-size:14px;color:${MUTED}">{{ discount.percent }}% off your order · expires {{ discount.expires_at | date: "%B %-d, %Y" }}</div>
  </div>
</mj-text>`;
}

function itemsBlock(source: "checkout" | "order") {
  return `<mj-table padding="8px 24px" cellpadding="0" cellspacing="0" font-size="15px" color="#1f2937">
{{ rl.item_rows | raw }}
<tr><td></td><td style="padding:12px 12px 0;font-weight:700">Total</td><td align="right" style="padding:12px 0 0;font-weight:700;white-space:nowrap">{{ ${source}.total_price }}</td></tr>
</mj-table>`;
}

/**
 * A question's one-click answer buttons, for one recipient's links. Plain HTML inside an mj-text,
 * which MJML passes through untouched — so it is built per recipient here, in one string, rather
 * than as a dozen Liquid outputs. `clicktracking="off"`: SendGrid must not wrap these links.
 */
export function answerRowsHtml(
  question: Question | FollowUp,
  brand: string,
  urls: Record<string, string>,
): string {
  const link = (value: string, style: string, label: string) =>
    `<a href="${escapeHtml(urls[value] ?? "")}" clicktracking="off" style="${style}">${label}</a>`;
  if ("kind" in question && question.kind === "scale") {
    const style = `display:block;padding:10px 0;border:1px solid ${brand};border-radius:6px;color:${brand};text-decoration:none;font-weight:600;font-size:15px`;
    const cells = answerValues(question)
      .map((value) => `<td align="center" style="padding:0 2px">${link(value, style, value)}</td>`)
      .join("");
    const labels =
      question.minLabel || question.maxLabel
        ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-top:6px;font-size:12px;color:${MUTED}"><tr><td>${escapeHtml(question.minLabel ?? "")}</td><td align="right">${escapeHtml(question.maxLabel ?? "")}</td></tr></table>`
        : "";
    return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="table-layout:fixed"><tr>${cells}</tr></table>${labels}`;
  }
  const style = `display:inline-block;margin:0 6px 8px 0;padding:10px 16px;border:1px solid ${brand};border-radius:999px;color:${brand};text-decoration:none;font-size:15px`;
  return answerValues(question)
    .map((value) => link(value, style, escapeHtml(labelOf(question, value))))
    .join("\n");
}

function questionBlock(question: Question) {
  return `<mj-text padding="16px 24px 8px" font-size="17px" font-weight="700">${literalHtml(question.prompt)}</mj-text>
<mj-text padding="4px 24px 8px">{{ ${answerRowsVar(question.key)} | raw }}</mj-text>`;
}

function cta(spec: LayoutSpec) {
  return `<mj-button href="{{ ${spec.ctaUrl} }}" background-color="${spec.brand.color}" color="${spec.brand.textOnColor}" font-size="16px" font-weight="600" border-radius="8px" inner-padding="14px 28px" padding="20px 24px 8px">{{ rl.content.button_label | raw }}</mj-button>`;
}

function footer(spec: LayoutSpec) {
  const name = literalHtml(spec.shop.name);
  const address = spec.shop.address ? ` · ${literalHtml(spec.shop.address)}` : "";
  const unsubscribe = spec.marketing
    ? `<br>You're receiving this email because you shopped at ${name}. <a href="{{ rl.unsubscribe_url }}" clicktracking="off" style="color:${MUTED};text-decoration:underline">Unsubscribe</a>`
    : "";
  return `<mj-section padding="16px 0 32px"><mj-column>
<mj-text align="center" font-size="12px" line-height="1.6" color="${MUTED}" padding="0 24px">${name}${address}${unsubscribe}</mj-text>
</mj-column></mj-section>`;
}

export function htmlLayout(spec: LayoutSpec): string {
  const questions = spec.questions.map(questionBlock).join("\n");
  const card = [
    `<mj-text padding="28px 24px 8px" font-size="24px" font-weight="700" line-height="1.3">{{ rl.content.heading | raw }}</mj-text>`,
    `<mj-text padding="8px 24px">{{ rl.content.body | raw }}</mj-text>`,
    spec.questionsFirst ? questions : "",
    spec.discount ? discountBlock(spec) : "",
    spec.items ? itemsBlock(spec.items) : "",
    cta(spec),
    spec.questionsFirst ? "" : questions,
  ].filter(Boolean);
  return `<mjml lang="en">
<mj-head>
  <mj-title>{{ rl.subject }}</mj-title>
  <mj-preview>{{ rl.content.preheader | raw }}</mj-preview>
  <mj-attributes>
    <mj-all font-family="${FONT}" />
    <mj-text font-size="16px" line-height="1.55" color="#1f2937" />
  </mj-attributes>
  <mj-style>p { margin: 0 0 12px; } a { color: ${spec.brand.color}; }</mj-style>
</mj-head>
<mj-body background-color="#f3f4f6" width="600px">
${header(spec)}
<mj-section background-color="#ffffff" border-radius="12px" padding="0 0 24px"><mj-column>
${card.join("\n")}
</mj-column></mj-section>
${footer(spec)}
</mj-body>
</mjml>`;
}
