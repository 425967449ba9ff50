// The cart's or order's line items, for one recipient, in each part's own markup. Rows of a table
// inside mj-table (which MJML passes through untouched), so they are built per recipient here in
// one string — escaped, typed — rather than as a Liquid loop of a dozen outputs per item.
import type { LineItemData } from "../outgoing";
import { escapeHtml as e } from "./escape";

const MUTED = "#6b7280";

const details = (item: LineItemData, muted: (s: string) => string) =>
  `<strong>${e(item.title)}</strong>${item.variant_title ? `<br>${muted(e(item.variant_title))}` : ""}<br>${muted(`Qty ${item.quantity}`)}`;

export function itemRowsHtml(items: readonly LineItemData[]): string {
  const muted = (s: string) => `<span style="color:${MUTED}">${s}</span>`;
  return items
    .map((item) => {
      const image = item.image_url
        ? `<img src="${e(item.image_url)}" width="64" height="64" alt="${e(item.title)}" style="display:block;width:64px;height:64px;border-radius:8px;object-fit:cover;border:0">`
        : "";
      return `<tr style="border-bottom:1px solid #e5e7eb"><td width="76" style="padding:10px 0;vertical-align:top">${image}</td><td style="padding:10px 12px;vertical-align:top">${details(item, muted)}</td><td align="right" style="padding:10px 0;vertical-align:top;white-space:nowrap">${e(item.price)}</td></tr>`;
    })
    .join("\n");
}

/** AMP: amp-img with its size, and only https images (AMP for Email refuses anything else). */
export function itemRowsAmp(items: readonly LineItemData[]): string {
  const muted = (s: string) => `<span class="muted">${s}</span>`;
  return items
    .map((item) => {
      const image = item.image_url?.startsWith("https://")
        ? `<amp-img src="${e(item.image_url)}" width="64" height="64" layout="fixed" alt="${e(item.title)}"></amp-img>`
        : "";
      return `<tr><td>${image}</td><td class="desc">${details(item, muted)}</td><td class="price">${e(item.price)}</td></tr>`;
    })
    .join("\n");
}

export function itemLinesText(items: readonly LineItemData[]): string {
  return items
    .map(
      (item) =>
        `- ${item.title}${item.variant_title ? ` (${item.variant_title})` : ""} x ${item.quantity}: ${item.price}`,
    )
    .join("\n");
}
