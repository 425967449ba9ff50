import { describe, expect, it } from "vitest";
import { buildDefinition, definitionSchema } from "./definition";
import { decideEntry, decideSend, nextAction, type EntryFacts, type SendFacts } from "./engine";
import { defaultSettings } from "./settings";

const HOUR = 3600_000;
const entry = new Date("2026-01-05T10:00:00Z");
const cart = buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), {
  surveysCapped: true,
  abandonedCartSoftOptIn: false,
});

describe("campaign definitions", () => {
  it("builds the defaults as valid data", () => {
    for (const kind of ["abandoned_cart", "post_purchase", "vip"] as const) {
      expect(() =>
        definitionSchema.parse(
          buildDefinition(kind, defaultSettings(kind), {
            surveysCapped: true,
            abandonedCartSoftOptIn: false,
          }),
        ),
      ).not.toThrow();
    }
    expect(cart.steps.map((s) => `${s.kind}:${s.id}`)).toEqual([
      "delay:wait_reminder",
      "send:reminder",
      "waitFor:wait_discount",
      "send:discount",
      "exit:done",
    ]);
  });

  it("rejects a campaign without an email, or with duplicate step ids", () => {
    expect(() =>
      definitionSchema.parse({ ...cart, steps: [{ kind: "exit", id: "x", reason: "r" }] }),
    ).toThrow(/at least one email/);
    expect(() => definitionSchema.parse({ ...cart, steps: [...cart.steps, cart.steps[1]] })).toThrow(
      /unique/,
    );
  });
});

describe("next action", () => {
  it("abandoned cart: reminder at +1 h, discount at +24 h from entry, then done", () => {
    const first = nextAction(cart, { entryAt: entry, cursor: 0, previousAt: null });
    expect(first).toMatchObject({ kind: "send", step: { id: "reminder" } });
    expect(first.kind === "send" && first.dueAt.getTime() - entry.getTime()).toBe(HOUR);
    const second = nextAction(cart, {
      entryAt: entry,
      cursor: 2,
      previousAt: new Date(entry.getTime() + HOUR),
    });
    expect(second.kind === "send" && second.dueAt.getTime() - entry.getTime()).toBe(24 * HOUR);
    expect(
      nextAction(cart, { entryAt: entry, cursor: 4, previousAt: new Date(entry.getTime() + 24 * HOUR) }),
    ).toEqual({ kind: "done", reason: "all emails sent" });
  });

  it("a late first email never pulls the second one earlier than the first", () => {
    const late = new Date(entry.getTime() + 30 * HOUR);
    const second = nextAction(cart, { entryAt: entry, cursor: 2, previousAt: late });
    expect(second.kind === "send" && second.dueAt).toEqual(late);
  });

  it("survey: 7 days after the trigger", () => {
    const survey = buildDefinition("post_purchase", defaultSettings("post_purchase"), {
      surveysCapped: false,
      abandonedCartSoftOptIn: false,
    });
    const next = nextAction(survey, { entryAt: entry, cursor: 0, previousAt: null });
    expect(next.kind === "send" && next.dueAt.getTime() - entry.getTime()).toBe(7 * 24 * HOUR);
    expect(next.kind === "send" && next.step.capped).toBe(false);
  });
});

const entryFacts: EntryFacts = {
  enabled: true,
  shopInstalled: true,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 0 },
  suppressed: false,
  subject: {
    cart: { totalCents: 12000, itemCount: 2, currency: "EUR" },
    customer: { ordersCount: 0, tags: [] },
  },
  currency: "EUR",
  subjectJourney: null,
  activeJourneyForCustomer: false,
  lastEntryAt: null,
  now: entry,
};

describe("entry", () => {
  it("enters, updates the active journey of the same checkout, or says why not", () => {
    expect(decideEntry(cart, entryFacts)).toEqual({ action: "enter" });
    expect(decideEntry(cart, { ...entryFacts, subjectJourney: { id: "j1", state: "active" } })).toEqual({
      action: "update",
      journeyId: "j1",
    });
    expect(decideEntry(cart, { ...entryFacts, subjectJourney: { id: "j1", state: "exited" } })).toMatchObject(
      { action: "skip" },
    );
    expect(decideEntry(cart, { ...entryFacts, enabled: false })).toEqual({
      action: "skip",
      reason: "campaign is off",
    });
    expect(decideEntry(cart, { ...entryFacts, suppressed: true })).toMatchObject({
      action: "skip",
      reason: expect.stringMatching(/suppressed/),
    });
    expect(
      decideEntry(cart, {
        ...entryFacts,
        consent: { ...entryFacts.consent, marketingState: "NOT_SUBSCRIBED" },
      }),
    ).toMatchObject({ action: "skip", reason: expect.stringMatching(/not subscribed/) });
    expect(decideEntry(cart, { ...entryFacts, activeJourneyForCustomer: true })).toMatchObject({
      action: "skip",
    });
  });

  it("honours the survey cooldown", () => {
    const survey = buildDefinition("post_purchase", defaultSettings("post_purchase"), {
      surveysCapped: true,
      abandonedCartSoftOptIn: false,
    });
    expect(
      decideEntry(survey, { ...entryFacts, lastEntryAt: new Date(entry.getTime() - 10 * 24 * HOUR) }),
    ).toMatchObject({ action: "skip", reason: expect.stringMatching(/30 days/) });
    expect(
      decideEntry(survey, { ...entryFacts, lastEntryAt: new Date(entry.getTime() - 31 * 24 * HOUR) }),
    ).toEqual({ action: "enter" });
  });
});

const sendFacts: SendFacts = {
  journeyState: "active",
  enabled: true,
  shopInstalled: true,
  suppression: null,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 0 },
  orderExit: null,
  lastCappedSendAt: null,
  capHours: 16,
  quiet: { enabled: true, start: "21:00", end: "08:00" },
  timeZone: "UTC",
  now: new Date("2026-01-05T11:00:00Z"),
};
const reminder = cart.steps[1]!;

describe("right before sending", () => {
  if (reminder.kind !== "send") throw new Error("fixture");
  it("sends when nothing stands in the way", () => {
    expect(decideSend(cart, reminder, sendFacts)).toEqual({ action: "send" });
  });
  it("re-checks the exit conditions", () => {
    expect(decideSend(cart, reminder, { ...sendFacts, orderExit: "the customer ordered" })).toEqual({
      action: "cancel",
      reason: "the customer ordered",
    });
    expect(decideSend(cart, reminder, { ...sendFacts, suppression: "bounced" })).toMatchObject({
      action: "cancel",
    });
    expect(
      decideSend(cart, reminder, {
        ...sendFacts,
        consent: { ...sendFacts.consent, marketingState: "UNSUBSCRIBED" },
      }),
    ).toMatchObject({ action: "cancel" });
    expect(decideSend(cart, reminder, { ...sendFacts, journeyState: "exited" })).toMatchObject({
      action: "cancel",
    });
    expect(decideSend(cart, reminder, { ...sendFacts, enabled: false })).toMatchObject({
      action: "cancel",
      reason: "campaign turned off",
    });
  });
  it("postpones for the frequency cap, then out of quiet hours", () => {
    const last = new Date("2026-01-05T06:00:00Z"); // free again at 22:00, which is quiet → 08:00
    expect(decideSend(cart, reminder, { ...sendFacts, lastCappedSendAt: last })).toEqual({
      action: "postpone",
      until: new Date("2026-01-06T08:00:00Z"),
      reason: "frequency cap (one marketing email per 16 hours), then quiet hours",
    });
  });
  it("postpones a send due at 23:00 shop time to 08:00", () => {
    expect(decideSend(cart, reminder, { ...sendFacts, now: new Date("2026-01-05T23:00:00Z") })).toMatchObject(
      { action: "postpone", until: new Date("2026-01-06T08:00:00Z") },
    );
  });
});
