// Money as integer minor units of its currency ("1234.50" USD → 123450).

export function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
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
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(
      fromMinorUnits(minor, currency),
    );
  } catch {
    return `${fromMinorUnits(minor, currency).toFixed(2)} ${currency}`;
  }
}
