// Email addresses as Replyloop stores and compares them. Every module that keys data by address
// (customers, suppressions, CRM contacts, journeys) normalises through this one function.

/** Trimmed and lower-cased; an empty or missing address is `undefined`. */
export function normalizeEmail(email: string | null | undefined): string | undefined {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
}
