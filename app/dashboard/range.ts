// The period a merchant looks at: whole local days in the shop's time zone, from `from` to `to`
// (both included), as the half-open instant range [start, end) the queries use. Pure.
import { z } from "zod";
import { localParts, zonedInstant } from "../campaigns/rules";

export const RANGE_PRESETS = [7, 30, 90] as const;
export const DEFAULT_RANGE_DAYS = 30;
/** A year and a day: long enough for any report, short enough to keep the queries cheap. */
export const MAX_RANGE_DAYS = 366;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => toUtcDay(s) !== null, "not a calendar date");

export type DateRange = {
  /** Local dates (YYYY-MM-DD) in the shop's time zone, both included. */
  from: string;
  to: string;
  days: number;
  start: Date;
  /** Exclusive: local midnight after `to`. */
  end: Date;
  /** A requested range that could not be used (the default was used instead). */
  problem: string | null;
};

/** "YYYY-MM-DD" → its UTC midnight in ms, or null if it is not a real date (2026-02-30). */
function toUtcDay(date: string): number | null {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? ms : null;
}

const DAY_MS = 86_400_000;
const fromUtcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtcDay((toUtcDay(date) ?? 0) + days * DAY_MS);
}

/** Today's date in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** Local midnight of `date` in `timeZone`, as an instant. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  return zonedInstant({ year, month, day }, 0, timeZone);
}

function build(from: string, to: string, timeZone: string, problem: string | null): DateRange {
  const days = Math.round(((toUtcDay(to) ?? 0) - (toUtcDay(from) ?? 0)) / DAY_MS) + 1;
  return {
    from,
    to,
    days,
    start: startOfLocalDay(from, timeZone),
    end: startOfLocalDay(addDays(to, 1), timeZone),
    problem,
  };
}

/** The last `days` days up to and including today, in the shop's time zone. */
export function lastDays(days: number, now: Date, timeZone: string): DateRange {
  const to = localDate(now, timeZone);
  return build(addDays(to, -(days - 1)), to, timeZone, null);
}

/**
 * The range asked for in the URL (`from` and `to`, or `days` for a preset); the last 30 days when
 * nothing is asked, or — with the reason in `problem` — when what was asked is not a usable range.
 */
export function parseDateRange(params: URLSearchParams, now: Date, timeZone: string): DateRange {
  const from = params.get("from");
  const to = params.get("to");
  if (from || to) {
    const f = isoDate.safeParse(from);
    const t = isoDate.safeParse(to);
    const fallback = (problem: string) => ({ ...lastDays(DEFAULT_RANGE_DAYS, now, timeZone), problem });
    if (!f.success || !t.success) return fallback("Dates must be real dates (YYYY-MM-DD).");
    if (f.data > t.data) return fallback("The start date is after the end date.");
    const range = build(f.data, t.data, timeZone, null);
    if (range.days > MAX_RANGE_DAYS) return fallback(`Choose at most ${MAX_RANGE_DAYS} days.`);
    return range;
  }
  const days = Number(params.get("days"));
  return lastDays(RANGE_PRESETS.find((p) => p === days) ?? DEFAULT_RANGE_DAYS, now, timeZone);
}
