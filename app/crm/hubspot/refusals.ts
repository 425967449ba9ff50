// Values HubSpot refused, as the merchant's HubSpot page explains them: HubSpot's reason (its error
// code and message) and what to do about it. Pure.

/** The per-property validation errors of a contact write that the page explains. */
export const REFUSAL_CODES = [
  "INVALID_OPTION",
  "PROPERTY_DOESNT_EXIST",
  "INVALID_LONG",
  "INVALID_INTEGER",
  "INVALID_DATE",
  "INVALID_DATETIME",
  "INVALID_BOOLEAN",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type RefusedWrite = { property: string; value: string; error: string | null; at: Date };
export type RefusedValue = {
  property: string;
  value: string;
  code: RefusalCode | null;
  reason: string;
  advice: string;
  count: number;
  lastAt: string;
};

/** The error code HubSpot gave (stored as `CODE: message`), if it is one we explain. */
export function refusalCode(error: string | null): RefusalCode | null {
  const code = /^([A-Z_]+):/.exec(error ?? "")?.[1];
  return REFUSAL_CODES.find((c) => c === code) ?? null;
}

export function refusalAdvice(code: RefusalCode | null, value: string): string {
  switch (code) {
    case "INVALID_OPTION":
      return `“${value}” is not an option of this property in HubSpot, and no campaign offers it any more. Add the choice back to its question (Campaigns), or add the option “${value}” to the property in HubSpot, then press “Send refused values again”.`;
    case "PROPERTY_DOESNT_EXIST":
      return "The property does not exist in HubSpot (deleted there?) and no campaign asks its question any more. Press “Create now” if the question is back, then “Send refused values again”.";
    case "INVALID_LONG":
    case "INVALID_INTEGER":
    case "INVALID_DATE":
    case "INVALID_DATETIME":
    case "INVALID_BOOLEAN":
      return "The property exists in HubSpot with another type than Replyloop writes. Rename or delete it in HubSpot, press “Create now”, then “Send refused values again”.";
    default:
      return "Check the property and the contact in HubSpot, then press “Send refused values again”.";
  }
}

/** Refused writes grouped by property, value and reason, the most recent first. */
export function groupRefusals(rows: readonly RefusedWrite[]): RefusedValue[] {
  const groups = new Map<string, RefusedValue>();
  for (const row of rows) {
    const reason = row.error ?? "Refused by HubSpot";
    const key = JSON.stringify([row.property, row.value, reason]);
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (row.at.toISOString() > group.lastAt) group.lastAt = row.at.toISOString();
      continue;
    }
    const code = refusalCode(row.error);
    groups.set(key, {
      property: row.property,
      value: row.value,
      code,
      reason,
      advice: refusalAdvice(code, row.value),
      count: 1,
      lastAt: row.at.toISOString(),
    });
  }
  return [...groups.values()].sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
}
