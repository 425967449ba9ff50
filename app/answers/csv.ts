// CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted and
// quotes doubled; lines end with CRLF. A field a spreadsheet would run as a formula (=, +, -, @, tab,
// CR first) gets a leading apostrophe: customers' data must never execute in the merchant's Excel.
// Pure.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

/** A whole document: a byte-order mark (so Excel reads UTF-8), the header line, then the rows. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly (string | number | boolean | null | undefined)[]>): string {
  let out = `\uFEFF${csvLine(header)}`;
  for (const row of rows) out += csvLine(row);
  return out;
}
