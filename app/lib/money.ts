// Money as integer minor units of its currency ("1234.50" USD → 123450).

// Building an Intl.NumberFormat costs ~0.1 ms (every email formats a few amounts): one per locale
// and currency, kept. A currency Intl does not know is not kept (it throws on every call).
const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format;
}

export function fractionDigits(currency: string): number {
  try {
    return currencyFormat("en", currency).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function toMinorUnits(amount: string | number, currency: string): number {
  const value = typeof amount === "number" ? amount : Number.parseFloat(amount);
  if (!Number.isFinite(value)) throw new RangeError(`Not an amount: ${String(amount)}`);
  return Math.round(value * 10 ** fractionDigits(currency));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / 10 ** fractionDigits(currency);
}

export function formatMoney(minor: number, currency: string, locale = "en"): string {
  try {
    return currencyFormat(locale, currency).format(fromMinorUnits(minor, currency));
  } catch {
    return `${fromMinorUnits(minor, currency).toFixed(2)} ${currency}`;
  }
}
