// Why a click is not an answer, in the merchant's words (the Answers page's "not answers" list). Pure.
import { HOLD_WINDOW_MS } from "./scanner";

const FLAG_TEXT: Record<string, string> = {
  head: "a HEAD request (only machines send those)",
  prefetch: "a prefetch or preview, not a visit",
  bot_user_agent: "a link scanner's or a headless browser's user agent",
  soon_after_delivery: "opened within 20 seconds of delivery, when mail scanners open links",
  burst: "another choice of this email opened within 2 seconds",
};

export type ClickFacts = { state: string; flags: readonly string[]; reason: string | null };

export function clickReason(click: ClickFacts): string {
  if (click.state === "void") return click.reason ?? "Void: link-scanner activity.";
  if (click.state === "held")
    return `Confirmed by the answer page itself: it counts as an answer ${Math.round(HOLD_WINDOW_MS / 1000)} seconds after the click, unless another choice of this question is opened from the same email meanwhile (a link scanner).`;
  const flags = click.flags.map((f) => FLAG_TEXT[f] ?? f.replace(/_/g, " "));
  const parts = [
    flags.length ? `Looks like a link scanner: ${flags.join("; ")}.` : "Opened, but not confirmed.",
    click.reason ?? "",
  ];
  return parts.filter(Boolean).join(" ");
}
