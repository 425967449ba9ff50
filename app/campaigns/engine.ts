// The campaign engine's pure core: it interprets a campaign definition (definition.ts) against what
// is known about the customer, the journey and the time — whether to enter, when the next email is
// due, what an event means for a running journey, and whether an email may go now. No I/O:
// entry.server.ts, reactions.server.ts and dispatch.server.ts gather the facts, and
// journey-state.server.ts carries the decisions out. Unit-tested in engine.test.ts.
import type { CampaignEvent, WaitEventType } from "./campaign-events";
import { checkConditions, type ConditionFacts } from "./conditions";
import {
  isText,
  sendsEmail,
  type CampaignDefinition,
  type ExitCondition,
  type SendStep,
  type Step,
  type WaitForStep,
} from "./definition";
import {
  consentVerdict,
  frequencyCapAllows,
  outsideQuietHours,
  smsConsentVerdict,
  type ConsentFacts,
  type QuietHours,
  type Verdict,
} from "./rules";

const MINUTE = 60_000;

export type Progress = {
  entryAt: Date;
  /** Index of the next step to run. */
  cursor: number;
  /** When the previous step (a send) happened, if any. */
  previousAt: Date | null;
  /** waitFor steps whose event arrived while the journey waited there, and when. */
  waited?: Record<string, Date>;
};

export type NextAction =
  { kind: "send"; stepIndex: number; step: SendStep; dueAt: Date } | { kind: "done"; reason: string };

function assertNever(value: never): never {
  throw new Error(`Unhandled step: ${JSON.stringify(value)}`);
}

const later = (a: Date, b: Date) => (a > b ? a : b);

/** When a delay or waitFor step ends, starting from `at` (a waitFor ends early when its event came). */
function stepEnd(step: Extract<Step, { kind: "delay" | "waitFor" }>, progress: Progress, at: Date): Date {
  const base = step.from === "entry" ? progress.entryAt : at;
  const timeout = new Date(base.getTime() + step.minutes * MINUTE);
  const heard = step.kind === "waitFor" ? progress.waited?.[step.id] : undefined;
  return later(heard && heard < timeout ? heard : timeout, at);
}

/** Walks the steps from the cursor: the next email and when it is due, or the end of the journey. */
export function nextAction(definition: CampaignDefinition, progress: Progress): NextAction {
  let at = progress.previousAt ?? progress.entryAt;
  for (let i = progress.cursor; i < definition.steps.length; i++) {
    const step: Step = definition.steps[i]!;
    switch (step.kind) {
      case "delay":
      case "waitFor":
        at = stepEnd(step, progress, at);
        break;
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

/** The waitFor step the journey is waiting at `now`, if any (it has reached it and it has not ended). */
export function waitingAt(definition: CampaignDefinition, progress: Progress, now: Date): WaitForStep | null {
  let at = progress.previousAt ?? progress.entryAt;
  for (let i = progress.cursor; i < definition.steps.length; i++) {
    const step = definition.steps[i]!;
    if (step.kind !== "delay" && step.kind !== "waitFor") return null;
    const end = stepEnd(step, progress, at);
    if (step.kind === "waitFor" && !progress.waited?.[step.id] && now >= at && now < end) return step;
    at = end;
  }
  return null;
}

/** A campaign that sends email needs email consent; one that only texts needs SMS consent. */
const consentOf = (definition: CampaignDefinition, facts: ConsentFacts): Verdict =>
  sendsEmail(definition)
    ? consentVerdict(facts, { softOptIn: definition.consent.softOptIn })
    : smsConsentVerdict(facts.sms);

export const SUPPRESSED_REASON = "address suppressed (bounced, spam report or unsubscribed)";
export const PAGE_ONLY_REASON =
  "the survey is asked on the Thank-you and Order status pages only (no email in this delivery mode)";
/** Why an order's survey email is not sent: its buyer answered on `where` ("the Thank-you page"). */
export const answeredOnPage = (where: string) => `answered the survey on the ${where}`;

export type EntryFacts = {
  enabled: boolean;
  /** Where the subject's order was already answered on the store's pages ("Thank-you page"), if it was. */
  pageAnswer?: string | null;
  shopInstalled: boolean;
  consent: ConsentFacts;
  suppressed: boolean;
  /** What the entry conditions look at (the subject's data and the customer as known). */
  subject: ConditionFacts;
  /** The store's currency (condition amounts are in its minor units). */
  currency: string;
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

/** Should this trigger event start a journey? */
export function decideEntry(definition: CampaignDefinition, facts: EntryFacts): EntryDecision {
  if (facts.subjectJourney) {
    return facts.subjectJourney.state === "active"
      ? { action: "update", journeyId: facts.subjectJourney.id }
      : { action: "skip", reason: "this checkout/order already had its journey" };
  }
  if (!facts.shopInstalled) return { action: "skip", reason: "app uninstalled" };
  if (!facts.enabled) return { action: "skip", reason: "campaign is off" };
  if (definition.page === "instead_of_email") return { action: "skip", reason: PAGE_ONLY_REASON };
  if (definition.exits.includes("answered_on_page") && facts.pageAnswer)
    return { action: "skip", reason: answeredOnPage(facts.pageAnswer) };
  const conditions = checkConditions(definition.trigger.conditions, facts.subject, facts.currency);
  if (!conditions.ok) return { action: "skip", reason: conditions.reason };
  if (facts.suppressed) return { action: "skip", reason: SUPPRESSED_REASON };
  const consent = consentOf(definition, facts.consent);
  if (!consent.ok) return { action: "skip", reason: consent.reason };
  if (definition.reentry.oneActivePerCustomer && facts.activeJourneyForCustomer) {
    return { action: "skip", reason: "already in an active journey of this campaign" };
  }
  if (definition.reentry.oncePerCustomer && facts.lastEntryAt) {
    return { action: "skip", reason: "already had this campaign (once per customer)" };
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

/** Something that happened to a running journey's customer. */
export type JourneyEvent =
  | Exclude<
      CampaignEvent,
      {
        type:
          | "tier_upgraded"
          | "checkout_abandoned"
          | "customer_subscribed"
          | "customer_lapsed"
          | "survey_requested";
      }
    >
  | { type: "suppressed"; reason: string }
  | { type: "consent_changed"; consent: ConsentFacts }
  /** The buyer answered an order's survey on the store's pages (`where`: "Thank-you page"). */
  | { type: "page_answered"; orderId: string; where: string };

export type JourneyFacts = {
  /** The checkout the journey is about (abandoned cart), if any. */
  checkoutToken: string | null;
  /** The order the journey is about (post-purchase), if any. */
  orderId?: string | null;
  progress: Progress;
};

export type Reaction =
  | { kind: "exit"; reason: string; condition?: ExitCondition; step?: string }
  | { kind: "continue"; step: string }
  | { kind: "none" };

const WAIT_WORDS: Record<WaitEventType, string> = {
  order_placed: "the customer placed an order",
  order_paid: "the customer's order was paid",
  order_fulfilled: "the customer's order was fulfilled",
};

/** The exit condition an event meets for this journey, with the timeline's reason. */
function exitFor(
  event: JourneyEvent,
  journey: JourneyFacts,
  definition: CampaignDefinition,
): { condition: ExitCondition; reason: string } | null {
  const listed = (c: ExitCondition) => definition.exits.includes(c);
  const fromCheckout = (token: string | null) => !!token && token === journey.checkoutToken;
  switch (event.type) {
    case "checkout_completed":
      return listed("order_with_checkout_token") && fromCheckout(event.checkoutToken)
        ? { condition: "order_with_checkout_token", reason: "checkout completed" }
        : null;
    case "order_placed":
      if (listed("order_with_checkout_token") && fromCheckout(event.order.checkoutToken))
        return { condition: "order_with_checkout_token", reason: "order placed from this checkout" };
      return listed("order_by_customer_since_entry")
        ? { condition: "order_by_customer_since_entry", reason: "the customer placed an order" }
        : null;
    case "order_paid":
    case "order_fulfilled":
      return null;
    case "suppressed": {
      const condition: ExitCondition = event.reason === "unsubscribed" ? "unsubscribed" : "suppressed";
      return listed(condition) ? { condition, reason: `suppressed: ${event.reason}` } : null;
    }
    case "consent_changed": {
      const verdict = consentOf(definition, event.consent);
      return listed("consent_withdrawn") && !verdict.ok
        ? { condition: "consent_withdrawn", reason: verdict.reason }
        : null;
    }
    case "page_answered":
      return listed("answered_on_page") && !!journey.orderId && journey.orderId === event.orderId
        ? { condition: "answered_on_page", reason: answeredOnPage(event.where) }
        : null;
  }
}

/**
 * What an event means for a running journey of its customer: an exit condition it meets ends the
 * journey; otherwise a waitFor step waiting for it exits or continues as the step says.
 */
export function reactToEvent(
  definition: CampaignDefinition,
  journey: JourneyFacts,
  event: JourneyEvent,
  now: Date,
): Reaction {
  const exit = exitFor(event, journey, definition);
  if (exit) return { kind: "exit", ...exit };
  const waiting = waitingAt(definition, journey.progress, now);
  if (!waiting || waiting.event !== event.type) return { kind: "none" };
  return waiting.onEvent === "exit"
    ? { kind: "exit", reason: `${waiting.id}: ${WAIT_WORDS[waiting.event]}`, step: waiting.id }
    : { kind: "continue", step: waiting.id };
}

/** Whether the campaign reacts to the customer's orders (then an order still being processed is worth waiting for). */
export function listensToOrders(definition: CampaignDefinition): boolean {
  return (
    definition.exits.some(
      (e) => e === "order_with_checkout_token" || e === "order_by_customer_since_entry",
    ) || definition.steps.some((s) => s.kind === "waitFor")
  );
}

export type SendFacts = {
  journeyState: string;
  enabled: boolean;
  shopInstalled: boolean;
  /** Why the address is suppressed (unsubscribed, bounced …), or null. */
  suppression: string | null;
  consent: ConsentFacts;
  /** Why the journey should end because of an order, if one was placed (exit conditions re-checked). */
  orderExit: string | null;
  /** Where the journey's order was answered on the store's pages ("Thank-you page"), if it was. */
  pageAnswer?: string | null;
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
  /** This step does not go (a text without SMS consent); the journey moves on to its next step. */
  | { action: "skip"; reason: string }
  | { action: "postpone"; until: Date; reason: string };

/** The campaign's exit conditions, re-checked against what is known right before an email. */
function exitBeforeSend(definition: CampaignDefinition, facts: SendFacts): string | null {
  const listed = (c: ExitCondition) => definition.exits.includes(c);
  if (facts.orderExit && (listed("order_with_checkout_token") || listed("order_by_customer_since_entry")))
    return facts.orderExit;
  if (facts.suppression && listed(facts.suppression === "unsubscribed" ? "unsubscribed" : "suppressed"))
    return SUPPRESSED_REASON;
  const consent = consentOf(definition, facts.consent);
  if (!consent.ok && listed("consent_withdrawn")) return consent.reason;
  if (facts.pageAnswer && listed("answered_on_page")) return answeredOnPage(facts.pageAnswer);
  return null;
}

/** Right before sending: exits re-checked, then the frequency cap and quiet hours. */
export function decideSend(definition: CampaignDefinition, step: SendStep, facts: SendFacts): SendDecision {
  if (facts.journeyState !== "active") return { action: "cancel", reason: `journey ${facts.journeyState}` };
  if (!facts.shopInstalled) return { action: "cancel", reason: "app uninstalled" };
  if (!facts.enabled) return { action: "cancel", reason: "campaign turned off" };
  const exit = exitBeforeSend(definition, facts);
  if (exit) return { action: "cancel", reason: exit };
  if (isText(step)) {
    const sms = smsConsentVerdict(facts.consent.sms);
    if (!sms.ok) return { action: "skip", reason: `no text: ${sms.reason}` };
  }

  let at = facts.now;
  let reason = "";
  if (step.capped) {
    const free = frequencyCapAllows(at, facts.lastCappedSendAt, facts.capHours);
    if (free > at) {
      at = free;
      // Texts and emails count together; the merchant's word for the cap is still per email.
      reason = `frequency cap (one marketing ${isText(step) ? "message" : "email"} per ${facts.capHours} hours)`;
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
