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

/**
 * A whole document as a stream: a byte-order mark (so Excel reads UTF-8) and the header line first,
 * then each batch of rows as it comes.
 */
export function csvStream(
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly (string | number | boolean | null | undefined)[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
