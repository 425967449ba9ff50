// The Settings page's form → shop settings and time zone, checked with the settings schema; each
// problem keyed by its settings path ("brand.color", "quietHours.start"). Pure.
import { zodFieldErrors, type FieldErrors } from "../lib/form-errors";
import { shopSettingsSchema, type ShopSettings } from "./settings";

/** An IANA time zone this runtime knows ("Europe/Paris"); "UTC" included. */
export function isTimeZone(value: string): boolean {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function timeZoneOptions(current: string): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  if (isTimeZone(current)) zones.add(current);
  return [...zones].sort();
}

const text = (value: string | undefined) => (value ?? "").trim();
const optional = (value: string | undefined) => text(value) || undefined;
/** Empty is "no number" (null), never 0. */
const number = (value: string | undefined) => (text(value) === "" ? null : Number(text(value)));
const checked = (value: string | undefined) => value === "on" || value === "true";

export type SettingsFormResult =
  { ok: true; settings: ShopSettings; timezone: string } | { ok: false; errors: FieldErrors };

export function readSettingsForm(fields: Record<string, string>): SettingsFormResult {
  const candidate = {
    senderName: text(fields.senderName),
    replyTo: optional(fields.replyTo),
    brand: { logoUrl: optional(fields.logoUrl), color: text(fields.color) },
    consent: { abandonedCartSoftOptIn: checked(fields.abandonedCartSoftOptIn) },
    frequencyCap: { hours: number(fields.frequencyCapHours), surveysExempt: checked(fields.surveysExempt) },
    quietHours: {
      enabled: checked(fields.quietHoursEnabled),
      start: text(fields.quietStart),
      end: text(fields.quietEnd),
    },
    answerLinkExpiryDays: number(fields.answerLinkExpiryDays),
  };
  const parsed = shopSettingsSchema.safeParse(candidate);
  const errors: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const timezone = text(fields.timezone);
  if (!isTimeZone(timezone)) errors.timezone = "Choose a time zone from the list.";
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, settings: parsed.data, timezone };
}
