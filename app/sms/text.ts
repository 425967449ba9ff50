// What a text says and how a reply is read. A campaign's text is the merchant's Liquid, then the
// step's question with short reply instructions ("Reply 0–10", "Reply 1 for …, 2 for …", "Reply
// YES or NO") and the opt-out line. A reply is a keyword (STOP …, START …, HELP), or an answer that
// fits the question exactly — a number in range, a choice's number or its label, yes or no —
// or it is not an answer, with the reason. Nothing is guessed. Pure.
import { labelOf, type FollowUp, type Question } from "../campaigns/questions";

/** Twilio's standard opt-out keywords: after one of them Twilio itself blocks texts to the number. */
export const STOP_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"] as const;
/** Opting in again (YES is also Twilio's, but a yes/no question needs it as an answer). */
export const START_KEYWORDS = ["START", "UNSTOP"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;

export const OPT_OUT_LINE = "Reply STOP to opt out.";
/** The greeting of a text whose step has no text of its own. */
export const DEFAULT_SMS_TEXT = "Hi {{ customer.first_name | default: 'there' }}, it's {{ shop.name }}.";
/** Twilio refuses longer bodies (21617); the merchant's part is cut well before. */
export const MAX_SMS_BODY = 1600;
const MAX_MERCHANT_PART = 900;

export type Keyword = "stop" | "start" | "help";

/** The whole text, trimmed, upper case, without trailing punctuation. */
const bare = (body: string) =>
  body
    .trim()
    .replace(/[\s.!?,;:]+$/u, "")
    .replace(/\s+/g, " ");

export function keywordOf(body: string): Keyword | null {
  const word = bare(body).toUpperCase();
  if ((STOP_KEYWORDS as readonly string[]).includes(word) || word === "STOP ALL") return "stop";
  if ((START_KEYWORDS as readonly string[]).includes(word)) return "start";
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return "help";
  return null;
}

const choicesOf = (q: Question | FollowUp) => ("choices" in q ? q.choices : null);

/** "Reply 0–10", "Reply 1 for The price, 2 for Shipping cost …", "Reply YES or NO". */
export function replyInstructions(question: Question | FollowUp): string {
  const choices = choicesOf(question);
  if (choices) return `Reply ${choices.map((c, i) => `${i + 1} for ${c.label}`).join(", ")}.`;
  if ("min" in question) {
    const ends =
      question.minLabel && question.maxLabel
        ? ` (${question.min} = ${question.minLabel}, ${question.max} = ${question.maxLabel})`
        : "";
    return `Reply ${question.min}–${question.max}${ends}.`;
  }
  return "Reply YES or NO.";
}

/** The text as sent: the merchant's part, the question with its instructions, the opt-out line. */
export function composeSmsBody(merchantPart: string, question: Question | null): string {
  const lead = merchantPart.trim().slice(0, MAX_MERCHANT_PART);
  const parts = [lead, question ? `${question.prompt} ${replyInstructions(question)}` : "", OPT_OUT_LINE];
  return parts
    .filter((p) => p !== "")
    .join("\n")
    .slice(0, MAX_SMS_BODY);
}

export type ReplyReading = { ok: true; value: string; label: string } | { ok: false; reason: string };

/** A reply read against the question its text asked: an exact fit, or why it is not an answer. */
export function readReply(body: string, question: Question | FollowUp): ReplyReading {
  const text = bare(body);
  const answer = (value: string): ReplyReading => ({ ok: true, value, label: labelOf(question, value) });
  if (text === "") return { ok: false, reason: "An empty text." };
  const choices = choicesOf(question);
  if (choices) {
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (n >= 1 && n <= choices.length) return answer(choices[n - 1]!.value);
    const byLabel = choices.find((c) => c.label.toLowerCase() === text.toLowerCase());
    if (byLabel) return answer(byLabel.value);
    return { ok: false, reason: `“${body.trim()}” is not one of the choices (1–${choices.length}).` };
  }
  if ("min" in question) {
    if (/^\d{1,2}$/.test(text)) {
      const n = Number(text);
      if (n >= question.min && n <= question.max) return answer(String(n));
      return { ok: false, reason: `${n} is outside ${question.min}–${question.max}.` };
    }
    return { ok: false, reason: `“${body.trim()}” is not a number from ${question.min} to ${question.max}.` };
  }
  const lower = text.toLowerCase();
  if (lower === "yes" || lower === "y") return answer("yes");
  if (lower === "no" || lower === "n") return answer("no");
  return { ok: false, reason: `“${body.trim()}” is neither YES nor NO.` };
}
