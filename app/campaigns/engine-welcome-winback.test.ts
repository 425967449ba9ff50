// The welcome and win-back campaigns, as the engine interprets them: their trigger events and
// subjects, entry conditions, exits (the first order, unsubscribing) and re-entry (welcome once per
// customer unless the merchant allows a restart; win-back at most once per threshold). Pure.
import { describe, expect, it } from "vitest";
import { subjectOf, type TriggerEvent } from "./campaign-events";
import { buildDefinition } from "./definition";
import { decideEntry, decideSend, nextAction, reactToEvent, type EntryFacts } from "./engine";
import { defaultSettings, SETTINGS_SCHEMAS } from "./settings";
import { sendStepFor } from "./steps";

const DAY = 24 * 3600_000;
const now = new Date("2026-03-02T10:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const options = { surveysCapped: true, abandonedCartSoftOptIn: false };
const person = {
  customerId: "42",
  email: "ana@example.com",
  firstName: "Ana",
  lastName: null,
  acceptsMarketing: false,
};
const welcome = buildDefinition("welcome", defaultSettings("welcome"), options);
const winback = buildDefinition("winback", defaultSettings("winback"), options);

const subscribed: TriggerEvent = { type: "customer_subscribed", person, subscribedAt: now, ordersCount: 0 };
const lapsed = (days: number): TriggerEvent => ({
  type: "customer_lapsed",
  person,
  lastOrderAt: daysAgo(days),
  dueAt: now,
  daysSinceLastOrder: days,
  ordersCount: 3,
});

const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  enabled: true,
  shopInstalled: true,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 0 },
  suppressed: false,
  subject: { customer: { ordersCount: 0, tags: [] } },
  currency: "USD",
  subjectJourney: null,
  activeJourneyForCustomer: false,
  lastEntryAt: null,
  now,
  ...over,
});

describe("welcome", () => {
  it("starts when a customer becomes subscribed: welcome email with the question at once, the follow-up 3 days later", () => {
    expect(welcome.trigger).toEqual({ event: "customer_subscribed", conditions: [] });
    const first = nextAction(welcome, { entryAt: now, cursor: 0, previousAt: null });
    expect(first).toMatchObject({ kind: "send", step: { id: "welcome", template: "welcome_1" }, dueAt: now });
    if (first.kind !== "send") throw new Error("a send");
    expect(first.step.questions.map((q) => q.key)).toEqual(["shopping_for"]);
    const sentAt = new Date(now.getTime() + 3600_000);
    expect(
      nextAction(welcome, { entryAt: now, cursor: first.stepIndex + 1, previousAt: sentAt }),
    ).toMatchObject({
      kind: "send",
      step: { id: "follow_up", template: "welcome_2", questions: [] },
      dueAt: new Date(sentAt.getTime() + 3 * DAY),
    });
    const off = SETTINGS_SCHEMAS.welcome.parse({ followUp: { enabled: false } });
    const single = buildDefinition("welcome", off, options);
    expect(single.steps.filter((s) => s.kind === "send").map((s) => s.id)).toEqual(["welcome"]);
    // The editor still previews the follow-up that is switched off.
    expect(sendStepFor("welcome", off, "follow_up")?.template).toBe("welcome_2");
  });

  it("one subject per subscription; a customer who had the series never enters again unless the merchant allows it", () => {
    expect(subjectOf(subscribed)?.subjectKey).toBe(`42:${now.toISOString()}`);
    expect(decideEntry(welcome, facts())).toEqual({ action: "enter" });
    expect(decideEntry(welcome, facts({ lastEntryAt: daysAgo(200) }))).toEqual({
      action: "skip",
      reason: "already had this campaign (once per customer)",
    });
    const restart = buildDefinition(
      "welcome",
      SETTINGS_SCHEMAS.welcome.parse({ restartOnResubscribe: true }),
      options,
    );
    expect(decideEntry(restart, facts({ lastEntryAt: daysAgo(200) }))).toEqual({ action: "enter" });
    expect(decideEntry(restart, facts({ activeJourneyForCustomer: true }))).toMatchObject({ action: "skip" });
  });

  it("needs marketing consent; ends on the first order and on unsubscribing, before each email too", () => {
    expect(
      decideEntry(
        welcome,
        facts({ consent: { marketingState: "PENDING", acceptsMarketing: false, ordersCount: 0 } }),
      ),
    ).toEqual({ action: "skip", reason: "not subscribed to email marketing (pending)" });
    const journey = { checkoutToken: null, progress: { entryAt: now, cursor: 2, previousAt: now } };
    const order = {
      type: "order_placed" as const,
      person,
      order: { id: "9", name: "#9", checkoutToken: null, lineItems: [], totalCents: 100, currency: "USD" },
    };
    expect(reactToEvent(welcome, journey, order, now)).toMatchObject({
      kind: "exit",
      condition: "order_by_customer_since_entry",
    });
    expect(reactToEvent(welcome, journey, { type: "suppressed", reason: "unsubscribed" }, now)).toMatchObject(
      {
        kind: "exit",
        condition: "unsubscribed",
      },
    );
    const step = welcome.steps.find((s) => s.kind === "send" && s.id === "follow_up");
    if (step?.kind !== "send") throw new Error("the follow-up");
    const send = {
      journeyState: "active",
      enabled: true,
      shopInstalled: true,
      suppression: null,
      consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 0 },
      orderExit: null,
      lastCappedSendAt: null,
      capHours: 16,
      quiet: { enabled: false, start: "21:00", end: "08:00" },
      timeZone: "UTC",
      now,
    };
    expect(decideSend(welcome, step, send)).toEqual({ action: "send" });
    expect(decideSend(welcome, step, { ...send, orderExit: "the customer ordered (order 9)" })).toEqual({
      action: "cancel",
      reason: "the customer ordered (order 9)",
    });
    expect(
      decideSend(welcome, step, {
        ...send,
        consent: { ...send.consent, marketingState: "UNSUBSCRIBED" },
      }),
    ).toEqual({ action: "cancel", reason: "email marketing state is unsubscribed" });
  });
});

describe("win-back", () => {
  it("starts on a lapsed customer: one email asking why, with a discount only when switched on", () => {
    expect(winback.trigger).toEqual({
      event: "customer_lapsed",
      conditions: [{ field: "customer.days_since_last_order", op: "lte", value: 365 }],
    });
    const first = nextAction(winback, { entryAt: now, cursor: 0, previousAt: null });
    expect(first).toMatchObject({ kind: "send", step: { id: "winback", template: "winback" }, dueAt: now });
    if (first.kind !== "send") throw new Error("a send");
    expect(first.step.questions.map((q) => q.key)).toEqual(["winback_reason"]);
    expect(first.step.discount).toBeUndefined();
    const withCode = buildDefinition(
      "winback",
      SETTINGS_SCHEMAS.winback.parse({ discount: { enabled: true, percent: 20 } }),
      options,
    );
    expect(withCode.steps[0]).toMatchObject({ discount: { percent: 20, expiresInDays: 14 } });
  });

  it("one subject per time the scan found the customer due; customers gone longer than a year are left alone", () => {
    expect(subjectOf(lapsed(120))?.subjectKey).toBe(`42:${now.toISOString()}`);
    const subject = subjectOf(lapsed(120))!;
    expect(
      decideEntry(winback, facts({ subject: { ...subject.data, customer: { ordersCount: 3, tags: [] } } })),
    ).toEqual({ action: "enter" });
    const gone = subjectOf(lapsed(400))!;
    expect(
      decideEntry(winback, facts({ subject: { ...gone.data, customer: { ordersCount: 3, tags: [] } } })),
    ).toEqual({ action: "skip", reason: "only when days since the last order is at most 365 (it was 400)" });
  });

  it("re-entry at most once per threshold: blocked within it, allowed after it", () => {
    const data = { ...subjectOf(lapsed(120))!.data, customer: { ordersCount: 3, tags: [] } };
    expect(decideEntry(winback, facts({ subject: data, lastEntryAt: daysAgo(89) }))).toEqual({
      action: "skip",
      reason: "entered this campaign less than 90 days ago",
    });
    expect(decideEntry(winback, facts({ subject: data, lastEntryAt: daysAgo(90) }))).toEqual({
      action: "enter",
    });
    const monthly = buildDefinition(
      "winback",
      SETTINGS_SCHEMAS.winback.parse({ thresholdDays: 30 }),
      options,
    );
    expect(decideEntry(monthly, facts({ subject: data, lastEntryAt: daysAgo(31) }))).toEqual({
      action: "enter",
    });
  });

  it("any order ends it", () => {
    const journey = { checkoutToken: null, progress: { entryAt: now, cursor: 0, previousAt: null } };
    const order = {
      type: "order_placed" as const,
      person,
      order: { id: "9", name: "#9", checkoutToken: null, lineItems: [], totalCents: 100, currency: "USD" },
    };
    expect(reactToEvent(winback, journey, order, now)).toEqual({
      kind: "exit",
      condition: "order_by_customer_since_entry",
      reason: "the customer placed an order",
    });
  });
});
