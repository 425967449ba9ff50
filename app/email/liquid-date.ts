// Liquid's `date` filter, fast for what emails use. liquidjs builds a new Intl.DateTimeFormat for
// every month or weekday name it prints (~50 µs each, the largest single cost of rendering an email
// with a date in it). Here the common strftime directives are formatted directly, in UTC (our
// engines' time zone) with English names; any other input or directive goes to liquidjs's own
// filter, so results are the same either way (liquid-date.test.ts compares them).
import { filters } from "liquidjs";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, width = 2, fill = "0") => String(n).padStart(width, fill);
const hour12 = (d: Date) => d.getUTCHours() % 12 || 12;
const dayOfYear = (d: Date) =>
  Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;

const DIRECTIVES: Record<string, (d: Date) => string> = {
  Y: (d) => String(d.getUTCFullYear()),
  y: (d) => pad(d.getUTCFullYear() % 100),
  m: (d) => pad(d.getUTCMonth() + 1),
  "-m": (d) => String(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  "-d": (d) => String(d.getUTCDate()),
  e: (d) => pad(d.getUTCDate(), 2, " "),
  B: (d) => MONTHS[d.getUTCMonth()] ?? "",
  b: (d) => (MONTHS[d.getUTCMonth()] ?? "").slice(0, 3),
  h: (d) => (MONTHS[d.getUTCMonth()] ?? "").slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()] ?? "",
  a: (d) => (DAYS[d.getUTCDay()] ?? "").slice(0, 3),
  H: (d) => pad(d.getUTCHours()),
  "-H": (d) => String(d.getUTCHours()),
  I: (d) => pad(hour12(d)),
  "-I": (d) => String(hour12(d)),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  p: (d) => (d.getUTCHours() < 12 ? "AM" : "PM"),
  P: (d) => (d.getUTCHours() < 12 ? "am" : "pm"),
  j: (d) => pad(dayOfYear(d), 3),
  "%": () => "%",
};

/** A directive, or a lone % (group empty), which this fast path does not handle. */
const DIRECTIVE = /%(-?[a-zA-Z%])?/g;

/** The formatted date, or undefined when this fast path does not handle the input or the format. */
export function fastDate(value: unknown, format: unknown): string | undefined {
  if (
    typeof value !== "string" ||
    typeof format !== "string" ||
    /^\d*$/.test(value) ||
    value === "now" ||
    value === "today"
  )
    return undefined;
  // Only ISO-8601 with an explicit zone: other strings are read in the process's local time by Date.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  let supported = true;
  const out = format.replace(DIRECTIVE, (_, directive: string | undefined) => {
    const print = directive === undefined ? undefined : DIRECTIVES[directive];
    if (!print) supported = false;
    return print ? print(date) : "";
  });
  return supported ? out : undefined;
}

const builtin = filters.date;
const builtinDate = typeof builtin === "function" ? builtin : builtin?.handler;
if (!builtinDate) throw new Error("liquidjs has no date filter");
const liquidDate = builtinDate;

/** The `date` filter: the fast path when it applies, liquidjs's own otherwise (same results). */
export function dateFilter(
  this: ThisParameterType<typeof liquidDate>,
  value: unknown,
  format?: unknown,
  timezoneOffset?: unknown,
): unknown {
  if (timezoneOffset === undefined) {
    const fast = fastDate(value, format);
    if (fast !== undefined) return fast;
  }
  return liquidDate.call(this, value, format, timezoneOffset);
}
