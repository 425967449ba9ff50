// Telling people from link scanners. Mail security products (Microsoft Safe Links, Proofpoint,
// Mimecast, Barracuda) open every link of an email, some in a real browser that runs scripts, some
// patiently, one link every few seconds, long after delivery. A GET therefore never confirms
// anything (docs/decisions/0010-scanner-safe-answers.md); these signals decide whether a page may
// confirm *by itself* (script after ≥ 2 s visible), whether a confirmation POST is accepted at all,
// and whether a confirmation the page made by itself still counts once its hold window is over.
import { isbot } from "isbot";

export type ScannerFlag =
  /** HEAD: only machines ask for headers alone. */
  | "head"
  /** Sec-Purpose / Purpose / X-Purpose / X-Moz: a prefetch or preview, not a visit. */
  | "prefetch"
  /** A crawler, preview fetcher or headless browser user agent (or none at all). */
  | "bot_user_agent"
  /** Within SOON_AFTER_DELIVERY_MS of delivery: when scanners open links, rarely when people do. */
  | "soon_after_delivery"
  /** Another link of the same email opened within BURST_WINDOW_MS: one person picks one answer. */
  | "burst";

export const SOON_AFTER_DELIVERY_MS = 20_000;
export const BURST_WINDOW_MS = 2_000;
/** The page must have been visible this long before its script may confirm. */
export const MIN_VISIBLE_MS = 2_000;
/**
 * A confirmation the page made by itself is held this long after its click: if another choice of
 * the same question of the same email is opened within this window (before or after), both are
 * link-scanner activity and void. Scanners that open links one at a time do so seconds apart (up to
 * 30 s in the profiles of test/answer-profiles.test.ts); a person who changes their mind a minute
 * later still gets the later answer.
 */
export const HOLD_WINDOW_MS = 45_000;

/** Flags that mark the request itself as automated (a click with one never counts as a person's). */
export const AUTOMATION_FLAGS: readonly ScannerFlag[] = ["head", "prefetch", "bot_user_agent"];

/**
 * Mail-security scanners and Office link fetchers that isbot does not know (some send a generic
 * "Mozilla/5.0 (compatible; …)" agent). A person clicking in Outlook gets their browser's agent.
 */
const MAIL_SCANNERS =
  /barracuda|mimecast|proofpoint|urldefense|safelinks|messagelabs|symantec|forcepoint|fireeye|trend ?micro|sophos|ironport|zscaler|check ?point|avanan|ironscales|cloudmark|spamtitan|mailguard|microsoft office|ms-office|msoffice|office existence discovery/i;

export function isAutomatedAgent(userAgent: string | null): boolean {
  const ua = userAgent?.trim() ?? "";
  return !ua || isbot(ua) || MAIL_SCANNERS.test(ua);
}

export type RequestSignals = {
  method: string;
  userAgent: string | null;
  purpose: string | null;
  /** Fetch metadata: `navigate` for a page load or form post by the browser itself. */
  fetchMode: string | null;
  /** `?1` when a navigation comes from the user's own gesture (a click, a key press). */
  fetchUser: string | null;
};

/** Reads the signals from a request (header names per Chromium, Firefox and Safari). */
export function requestSignals(request: Request): RequestSignals {
  const h = request.headers;
  const purpose = h.get("sec-purpose") ?? h.get("purpose") ?? h.get("x-purpose") ?? h.get("x-moz");
  return {
    method: request.method.toUpperCase(),
    userAgent: h.get("user-agent"),
    purpose,
    fetchMode: h.get("sec-fetch-mode"),
    fetchUser: h.get("sec-fetch-user"),
  };
}

/**
 * A person pressed the page's button. Browsers that send fetch metadata mark a form post made by
 * a user gesture with `Sec-Fetch-User: ?1`; one a script submitted (the page's own, or a scanner's
 * "click") lacks it and is not a gesture. Without fetch metadata (older browsers), the form's field
 * is all there is.
 */
export function isHumanGesture(mode: "auto" | "button", signals: RequestSignals): boolean {
  if (mode !== "button") return false;
  return signals.fetchMode !== "navigate" || signals.fetchUser === "?1";
}

/** Flags that come from the request alone. Any of them: the request is automated and never confirms. */
export function automationFlags(
  signals: Pick<RequestSignals, "method" | "userAgent" | "purpose">,
): ScannerFlag[] {
  const flags: ScannerFlag[] = [];
  if (signals.method === "HEAD") flags.push("head");
  if (signals.purpose && /prefetch|preview|prerender/i.test(signals.purpose)) flags.push("prefetch");
  if (isAutomatedAgent(signals.userAgent)) flags.push("bot_user_agent");
  return flags;
}

export type LinkRef = { questionKey: string; value: string };
export type ClickContext = {
  at: Date;
  /** When the email was delivered (or, without delivery events, handed to the transport). */
  deliveredAt: Date | null;
  link: LinkRef;
  /** Other clicks on links of the same email (any time; only those near `at` matter). */
  otherClicks: readonly (LinkRef & { at: Date })[];
};

/** Flags that come from timing: when the click happened relative to delivery and to other clicks. */
export function timingFlags(click: ClickContext): ScannerFlag[] {
  const flags: ScannerFlag[] = [];
  const sinceDelivery = click.deliveredAt ? click.at.getTime() - click.deliveredAt.getTime() : Infinity;
  if (sinceDelivery >= 0 && sinceDelivery < SOON_AFTER_DELIVERY_MS) flags.push("soon_after_delivery");
  const burst = click.otherClicks.some(
    (other) =>
      (other.questionKey !== click.link.questionKey || other.value !== click.link.value) &&
      Math.abs(other.at.getTime() - click.at.getTime()) <= BURST_WINDOW_MS,
  );
  if (burst) flags.push("burst");
  return flags;
}

export type ConfirmMode = "auto" | "button";

export type ConfirmDecision =
  /** `hold`: the page confirmed by itself; it counts once HOLD_WINDOW_MS have passed without a conflict. */
  { ok: true; hold?: true } | { ok: false; reason: "automated" | "flagged" | "too_soon" };

/**
 * Whether a confirmation POST counts. Automated requests never do. A person's gesture (the button)
 * counts at once, for a flagged click too — scanners follow links, they do not press buttons. The
 * page's own script (or a post without a gesture) only for a click with no flags at all (re-checked
 * now, so a burst that started after the click still counts), after the minimum visible time, and
 * only provisionally: it is held (see HOLD_WINDOW_MS).
 */
export function confirmDecision(input: {
  /** `button`: a person's gesture (isHumanGesture); anything else is the page confirming by itself. */
  mode: ConfirmMode;
  requestFlags: readonly ScannerFlag[];
  /** Flags of the click (stored ones may come from an older version of this list). */
  clickFlags: readonly string[];
  elapsedMs: number;
}): ConfirmDecision {
  if (input.requestFlags.length > 0) return { ok: false, reason: "automated" };
  if (input.mode === "button") return { ok: true };
  if (input.clickFlags.length > 0) return { ok: false, reason: "flagged" };
  if (input.elapsedMs < MIN_VISIBLE_MS) return { ok: false, reason: "too_soon" };
  return { ok: true, hold: true };
}

export type OtherClick = LinkRef & { at: Date; flags: readonly string[] };

/**
 * The clicks that void a held confirmation: another choice of the same question of the same email,
 * opened within HOLD_WINDOW_MS of it, by anything that did not announce itself as automated (an
 * announced scanner's sweep says nothing about the person who clicks after it).
 */
export function conflictingClicks<T extends OtherClick>(
  held: LinkRef & { at: Date },
  others: readonly T[],
): T[] {
  return others.filter(
    (other) =>
      other.questionKey === held.questionKey &&
      other.value !== held.value &&
      Math.abs(other.at.getTime() - held.at.getTime()) <= HOLD_WINDOW_MS &&
      !other.flags.some((f) => (AUTOMATION_FLAGS as readonly string[]).includes(f)),
  );
}
