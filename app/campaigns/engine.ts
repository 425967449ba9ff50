// The campaign engine's pure core: given a campaign definition, what is known about the customer and
// the journey, and the time — what to do. No I/O: journeys.server.ts and dispatch.server.ts carry
// the decisions out. Unit-tested in engine.test.ts.
import type { CampaignDefinition, SendStep, Step } from "./definition";
import {
  consentVerdict,
  frequencyCapAllows,
  outsideQuietHours,
  type ConsentFacts,
  type QuietHours,
} from "./rules";

const MINUTE = 60_000;

export type Progress = {
  entryAt: Date;
  /** Index of the next step to run. */
  cursor: number;
  /** When the previous step (a send) happened, if any. */
  previousAt: Date | null;
};

export type NextAction =
  { kind: "send"; stepIndex: number; step: SendStep; dueAt: Date } | { kind: "done"; reason: string };

function assertNever(value: never): never {
  throw new Error(`Unhandled step: ${JSON.stringify(value)}`);
}

/** Walks the steps from the cursor: the next email and when it is due, or the end of the journey. */
export function nextAction(definition: CampaignDefinition, progress: Progress): NextAction {
  let at = progress.previousAt ?? progress.entryAt;
  for (let i = progress.cursor; i < definition.steps.length; i++) {
    const step: Step = definition.steps[i]!;
    switch (step.kind) {
      case "delay":
      case "waitFor": {
        // A waitFor is a delay that its event can cut short (orders end journeys: triggers.server.ts).
        const base = step.from === "entry" ? progress.entryAt : at;
        const until = new Date(base.getTime() + step.minutes * MINUTE);
        at = until > at ? until : at;
        break;
      }
      case "send":
        return { kind: "send", stepIndex: i, step, dueAt: at };
      case "exit":
        return { kind: "done", reason: step.reason };
      default:
        return assertNever(step);
    }
  }
  return { kind: "done", reason: "no steps left" };
}

export type EntryFacts = {
  enabled: boolean;
  shopInstalled: boolean;
  consent: ConsentFacts;
  softOptIn: boolean;
  suppressed: boolean;
  /** This subject (checkout, order, tier change) already has a journey. */
  subjectJourney: { id: string; state: string } | null;
  /** The customer's journeys in this campaign: still active, and the start of the latest. */
  activeJourneyForCustomer: boolean;
  lastEntryAt: Date | null;
  now: Date;
};

export type EntryDecision =
  | { action: "enter"; note?: string }
  | { action: "update"; journeyId: string }
  | { action: "skip"; reason: string };

/** Should this trigger start a journey? */
export function decideEntry(definition: CampaignDefinition, facts: EntryFacts): EntryDecision {
  if (facts.subjectJourney) {
    return facts.subjectJourney.state === "active"
      ? { action: "update", journeyId: facts.subjectJourney.id }
      : { action: "skip", reason: "this checkout/order already had its journey" };
  }
  if (!facts.shopInstalled) return { action: "skip", reason: "app uninstalled" };
  if (!facts.enabled) return { action: "skip", reason: "campaign is off" };
  if (facts.suppressed)
    return { action: "skip", reason: "address suppressed (bounced, spam report or unsubscribed)" };
  const consent = consentVerdict(facts.consent, {
    softOptIn: facts.softOptIn && definition.kind === "abandoned_cart",
  });
  if (!consent.ok) return { action: "skip", reason: consent.reason };
  if (definition.reentry.oneActivePerCustomer && facts.activeJourneyForCustomer) {
    return { action: "skip", reason: "already in an active journey of this campaign" };
  }
  const cooldown = definition.reentry.cooldownDays * 24 * 60 * MINUTE;
  if (cooldown > 0 && facts.lastEntryAt && facts.now.getTime() - facts.lastEntryAt.getTime() < cooldown) {
    return {
      action: "skip",
      reason: `entered this campaign less than ${definition.reentry.cooldownDays} days ago`,
    };
  }
  return consent.note ? { action: "enter", note: consent.note } : { action: "enter" };
}

export type SendFacts = {
  journeyState: string;
  enabled: boolean;
  shopInstalled: boolean;
  suppressed: boolean;
  consent: ConsentFacts;
  softOptIn: boolean;
  /** Why the journey should end because of an order, if one was placed (exit conditions re-checked). */
  orderExit: string | null;
  /** The last capped email sent to this address, by any campaign. */
  lastCappedSendAt: Date | null;
  capHours: number;
  quiet: QuietHours;
  timeZone: string;
  now: Date;
};

export type SendDecision =
  | { action: "send" }
  | { action: "cancel"; reason: string }
  | { action: "postpone"; until: Date; reason: string };

/** Right before sending: exits re-checked, then the frequency cap and quiet hours. */
export function decideSend(definition: CampaignDefinition, step: SendStep, facts: SendFacts): SendDecision {
  if (facts.journeyState !== "active") return { action: "cancel", reason: `journey ${facts.journeyState}` };
  if (!facts.shopInstalled) return { action: "cancel", reason: "app uninstalled" };
  if (!facts.enabled) return { action: "cancel", reason: "campaign turned off" };
  if (
    facts.orderExit &&
    definition.exits.some((e) => e === "order_with_checkout_token" || e === "order_by_customer_since_entry")
  ) {
    return { action: "cancel", reason: facts.orderExit };
  }
  if (facts.suppressed)
    return { action: "cancel", reason: "address suppressed (bounced, spam report or unsubscribed)" };
  const consent = consentVerdict(facts.consent, {
    softOptIn: facts.softOptIn && definition.kind === "abandoned_cart",
  });
  if (!consent.ok) return { action: "cancel", reason: consent.reason };

  let at = facts.now;
  let reason = "";
  if (step.capped) {
    const free = frequencyCapAllows(at, facts.lastCappedSendAt, facts.capHours);
    if (free > at) {
      at = free;
      reason = `frequency cap (one marketing email per ${facts.capHours} hours)`;
    }
  }
  const allowed = outsideQuietHours(at, facts.timeZone, facts.quiet);
  if (allowed > at) {
    at = allowed;
    reason = reason
      ? `${reason}, then quiet hours`
      : `quiet hours (${facts.quiet.start}–${facts.quiet.end} ${facts.timeZone})`;
  }
  return at > facts.now ? { action: "postpone", until: at, reason } : { action: "send" };
}
