// What an import would change: both configurations flattened to their leaves ("campaigns ›
// Abandoned cart › Reminder › Subject") and compared. Pure.
import { CAMPAIGN_LABELS, isCampaignKind } from "../campaigns/kinds";

export type Change = { path: string; label: string; before: string; after: string };

type Leaves = Map<string, unknown>;

function flatten(value: unknown, path: string[], out: Leaves) {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path.join("."), "(none)");
    value.forEach((item, i) => flatten(item, [...path, String(i)], out));
  } else if (typeof value === "object" && value !== null) {
    // An empty object (texts left to the template) has no leaves: nothing to compare.
    for (const [key, v] of Object.entries(value)) if (v !== undefined) flatten(v, [...path, key], out);
  } else {
    out.set(path.join("."), value);
  }
}

const WORDS: Record<string, string> = {
  campaigns: "",
  settings: "",
  shopSettings: "Settings",
  content: "",
  delayMinutes: "Delay (minutes)",
  buttonLabel: "Button label",
  minOrders: "Minimum orders",
  minSpent: "Minimum spent",
  tagPrefix: "Tag prefix",
  expiresInDays: "Code expires (days)",
  attributionDays: "Attribution window (days)",
  cooldownDays: "Survey cooldown (days)",
  thresholdDays: "Win-back after (days without an order)",
  restartOnResubscribe: "Restart on re-subscribe",
  followUp: "Follow-up",
  answerLinkExpiryDays: "Answer links expire (days)",
  abandonedCartSoftOptIn: "Abandoned-cart soft opt-in",
  surveysExempt: "Surveys exempt",
  followUps: "Follow-ups",
  replyTo: "Reply-to",
  senderName: "Sender name",
  logoUrl: "Logo URL",
  conditions: "Only when",
  op: "Rule",
  delivery: "Survey asked on",
  page: "Page texts",
};

function word(segment: string, previous: string | undefined): string {
  if (isCampaignKind(segment) && previous === "campaigns") return CAMPAIGN_LABELS[segment];
  if (/^\d+$/.test(segment)) {
    const n = Number(segment) + 1;
    if (previous === "questions") return `Question ${n}`;
    if (previous === "choices") return `Choice ${n}`;
    if (previous === "followUps") return `Follow-up ${n}`;
    if (previous === "conditions") return `Condition ${n}`;
    return `#${n}`;
  }
  if (segment in WORDS) return WORDS[segment] ?? segment;
  const spaced = segment.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function labelOf(path: string): string {
  const segments = path.split(".");
  const listNames = new Set(["questions", "choices", "followUps", "conditions"]);
  return (
    segments
      // "questions.1" reads "Question 2", not "Questions › Question 2".
      .map((s, i) =>
        listNames.has(s) && /^\d+$/.test(segments[i + 1] ?? "") ? "" : word(s, segments[i - 1]),
      )
      .filter(Boolean)
      .join(" › ")
  );
}

function shown(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (value === null || value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "on" : "off";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function diffConfigs(before: unknown, after: unknown): Change[] {
  const a: Leaves = new Map();
  const b: Leaves = new Map();
  flatten(before, [], a);
  flatten(after, [], b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((path) => JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
    .map((path) => ({ path, label: labelOf(path), before: shown(a.get(path)), after: shown(b.get(path)) }));
}
