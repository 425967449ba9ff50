// Cross-campaign rules, as pure functions: consent, quiet hours in the shop's time zone, the
// frequency cap, VIP tiers. No I/O; unit-tested in rules.test.ts.
import type { VipTier } from "../crm/properties";
import type { VipSettings } from "./settings";

export type Verdict = { ok: true; note?: string } | { ok: false; reason: string };

export type ConsentFacts = {
  /** Shopify email marketing state, upper case (SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING…); null if unknown. */
  marketingState: string | null;
  /** The buyer ticked "email me with news and offers" on this checkout/order. */
  acceptsMarketing: boolean;
  /** Orders the customer placed before. */
  ordersCount: number;
  /** SMS marketing (separate from email's): the state Shopify or a STOP/START keyword set, and the phone. */
  sms?: SmsConsentFacts;
};

export type SmsConsentFacts = {
  /** SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING…; null if unknown. */
  state: string | null;
  /** The customer's phone as texts are addressed; null if none. */
  phone: string | null;
};

/** Texts go only to customers subscribed to SMS marketing, at a phone number. */
export function smsConsentVerdict(facts: SmsConsentFacts | undefined): Verdict {
  if (!facts?.phone) return { ok: false, reason: "no phone number for this customer" };
  if (facts.state === "SUBSCRIBED") return { ok: true };
  return {
    ok: false,
    reason: facts.state
      ? `not subscribed to SMS marketing (${facts.state.toLowerCase()})`
      : "not subscribed to SMS marketing",
  };
}

/**
 * Default policy: only customers subscribed to email marketing. The abandoned-cart campaign may
 * use "soft opt-in": an existing customer (ordered before) who never unsubscribed.
 */
export function consentVerdict(facts: ConsentFacts, options: { softOptIn: boolean }): Verdict {
  const state = facts.marketingState;
  if (state === "UNSUBSCRIBED" || state === "REDACTED" || state === "INVALID")
    return { ok: false, reason: `email marketing state is ${state.toLowerCase()}` };
  if (state === "SUBSCRIBED") return { ok: true };
  if (facts.acceptsMarketing && state !== "NOT_SUBSCRIBED")
    return { ok: true, note: "accepted marketing at checkout" };
  if (options.softOptIn && facts.ordersCount > 0)
    return { ok: true, note: "soft opt-in (existing customer)" };
  return {
    ok: false,
    reason: state
      ? `not subscribed to email marketing (${state.toLowerCase()})`
      : "not subscribed to email marketing",
  };
}

export type QuietHours = { enabled: boolean; start: string; end: string };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// One formatter per time zone, kept: building one costs ~0.1 ms, and every send asks for a few
// local times (quiet hours). An unknown zone throws and is not kept.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = zoneFormat(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** Minutes since local midnight of `at` in `timeZone` (IANA). */
export function localMinutes(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return p.hour * 60 + p.minute;
}

/** The instant that reads `hh:mm` on the given local date in `timeZone` (DST-aware). */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  minutes: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), timeZone);
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
    guess = wall - offset;
  }
  return new Date(guess);
}

function inQuiet(local: number, start: number, end: number) {
  return start <= end ? local >= start && local < end : local >= start || local < end;
}

/** `at`, or the first minute after it outside the shop's quiet hours (the local end of the quiet period). */
export function outsideQuietHours(at: Date, timeZone: string, quiet: QuietHours): Date {
  if (!quiet.enabled) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const local = localParts(at, timeZone);
  const now = local.hour * 60 + local.minute;
  if (start === end || !inQuiet(now, start, end)) return at;
  // Evening part of a period that crosses midnight: it ends tomorrow (local date).
  const endsTomorrow = start > end && now >= start;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  const allowed = zonedInstant(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() },
    end,
    timeZone,
  );
  return allowed > at ? allowed : at;
}

/** The earliest time a capped email may go, given the last capped email to the same address. */
export function frequencyCapAllows(at: Date, lastCappedSendAt: Date | null, capHours: number): Date {
  if (!lastCappedSendAt || capHours <= 0) return at;
  const free = new Date(lastCappedSendAt.getTime() + capHours * 3600_000);
  return free > at ? free : at;
}

export const TIER_ORDER: Record<VipTier, number> = { none: 0, silver: 1, gold: 2 };

/** The tier a customer qualifies for (a tier's thresholds are alternatives: orders OR spend). */
export function qualifyingTier(
  summary: { ordersCount: number; spent: number },
  tiers: VipSettings["tiers"],
): VipTier {
  const meets = (t: { minOrders: number | null; minSpent: number | null }) =>
    (t.minOrders !== null && summary.ordersCount >= t.minOrders) ||
    (t.minSpent !== null && summary.spent >= t.minSpent);
  if (meets(tiers.gold)) return "gold";
  if (meets(tiers.silver)) return "silver";
  return "none";
}

export const tierTag = (prefix: string, tier: Exclude<VipTier, "none">) =>
  `${prefix}${tier[0]!.toUpperCase()}${tier.slice(1)}`;

/** The tier a set of Shopify tags says (the highest VIP tag present), or null if none. */
export function tierFromTags(tags: string[], prefix: string): VipTier | null {
  const lower = new Set(tags.map((t) => t.trim().toLowerCase()));
  if (lower.has(tierTag(prefix, "gold").toLowerCase())) return "gold";
  if (lower.has(tierTag(prefix, "silver").toLowerCase())) return "silver";
  return null;
}
