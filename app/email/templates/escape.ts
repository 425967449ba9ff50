// Escaping for text we place into generated markup ourselves (question prompts and labels, shop
// settings). Liquid output is escaped by the engine; this is for everything that is not Liquid.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Liquid delimiters in literal text would be read as Liquid: wrap them so they print as typed. */
export function escapeLiquid(text: string): string {
  return /\{[{%]|[}%]\}/.test(text) ? `{% raw %}${text}{% endraw %}` : text;
}

/** Literal text into an HTML Liquid template: HTML-escaped, and Liquid-inert. */
export const literalHtml = (text: string) => escapeLiquid(escapeHtml(text));
