// The engine interprets every part of a campaign definition: the trigger event and its entry
// conditions, the consent policy, each exit condition (on its event and before each email), and
// waitFor steps (exit or continue). Pure: no database.
import { describe, expect, it } from "vitest";
import type { CampaignEvent } from "./campaign-events";
import { buildDefinition, definitionSchema, type CampaignDefinition } from "./definition";
import {
  decideEntry,
  decideSend,
  listensToOrders,
  nextAction,
  reactToEvent,
  waitingAt,
  type EntryFacts,
  type JourneyFacts,
  type SendFacts,
} from "./engine";
import { defaultSettings, SETTINGS_SCHEMAS } from "./settings";

const HOUR = 3600_000;
const entry = new Date("2026-01-05T10:00:00Z");
const at = (hours: number) => new Date(entry.getTime() + hours * HOUR);
const options = { surveysCapped: true, abandonedCartSoftOptIn: false };
const cartSettings = (conditions: unknown[] = []) => SETTINGS_SCHEMAS.abandoned_cart.parse({ conditions });
const cart = buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), options);
const survey = buildDefinition("post_purchase", defaultSettings("post_purchase"), options);

const person = {
  customerId: "1",
  email: "a@example.com",
  firstName: null,
  lastName: null,
  acceptsMarketing: false,
};
const order = (checkoutToken: string | null): Extract<CampaignEvent, { type: "order_placed" }> => ({
  type: "order_placed",
  person,
  order: { id: "9", name: "#9", checkoutToken, lineItems: [], totalCents: 100, currency: "EUR" },
});
/** A cart journey: entered at `entry`, the reminder (step 1) sent at +1 h when `reminderSent`. */
const cartJourney = (reminderSent: boolean, waited: Record<string, Date> = {}): JourneyFacts => ({
  checkoutToken: "tok-1",
  progress: { entryAt: entry, cursor: reminderSent ? 2 : 0, previousAt: reminderSent ? at(1) : null, waited },
});

const entryFacts: EntryFacts = {
  enabled: true,
  shopInstalled: true,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 0 },
  suppressed: false,
  subject: {
    cart: { totalCents: 4999, itemCount: 1, currency: "EUR" },
    customer: { ordersCount: 0, tags: [] },
  },
  currency: "EUR",
  subjectJourney: null,
  activeJourneyForCustomer: false,
  lastEntryAt: null,
  now: entry,
};

describe("the definition is validated data", () => {
  it("starts each campaign on its trigger event, with the conditions from the settings", () => {
    const over50 = buildDefinition(
      "abandoned_cart",
      cartSettings([{ field: "cart.total", op: "gte", value: 5000 }]),
      options,
    );
    expect(over50.trigger).toEqual({
      event: "checkout_abandoned",
      conditions: [{ field: "cart.total", op: "gte", value: 5000 }],
    });
    expect(survey.trigger.event).toBe("order_fulfilled");
    const paid = SETTINGS_SCHEMAS.post_purchase.parse({ trigger: "paid" });
    expect(buildDefinition("post_purchase", paid, options).trigger.event).toBe("order_paid");
    expect(buildDefinition("vip", defaultSettings("vip"), options).trigger.event).toBe("tier_upgraded");
  });

  it("refuses a campaign that would not stop for unsubscribes, bounces or withdrawn consent", () => {
    for (const missing of ["unsubscribed", "suppressed", "consent_withdrawn"])
      expect(() =>
        definitionSchema.parse({ ...cart, exits: cart.exits.filter((e) => e !== missing) }),
      ).toThrow(new RegExp(missing));
  });

  it("refuses a condition its trigger event cannot know", () => {
    expect(() =>
      definitionSchema.parse({
        ...survey,
        trigger: { ...survey.trigger, conditions: [{ field: "cart.total", op: "gte", value: 1 }] },
      }),
    ).toThrow(/not known/);
    expect(
      SETTINGS_SCHEMAS.post_purchase.safeParse({ conditions: [{ field: "cart.total", op: "gte", value: 1 }] })
        .success,
    ).toBe(false);
    expect(
      SETTINGS_SCHEMAS.abandoned_cart.safeParse({
        conditions: [{ field: "cart.total", op: "gte", value: -1 }],
      }).success,
    ).toBe(false);
  });

  it("the consent policy comes from the shop's soft opt-in setting, for the abandoned cart only", () => {
    const soft = { ...options, abandonedCartSoftOptIn: true };
    expect(buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), soft).consent).toEqual({
      softOptIn: true,
    });
    expect(buildDefinition("post_purchase", defaultSettings("post_purchase"), soft).consent).toEqual({
      softOptIn: false,
    });
  });
});

describe("entry conditions", () => {
  const over50 = buildDefinition(
    "abandoned_cart",
    cartSettings([{ field: "cart.total", op: "gte", value: 5000 }]),
    options,
  );

  it("only carts over 50 €: 49.99 € is skipped with the reason, 50 € enters", () => {
    expect(decideEntry(over50, entryFacts)).toEqual({
      action: "skip",
      reason: "only when cart value is at least €50.00 (it was €49.99)",
    });
    const fifty = { ...entryFacts.subject, cart: { totalCents: 5000, itemCount: 1, currency: "EUR" } };
    expect(decideEntry(over50, { ...entryFacts, subject: fifty })).toEqual({ action: "enter" });
  });

  it("a campaign that is off or uninstalled says so first", () => {
    expect(decideEntry(over50, { ...entryFacts, enabled: false })).toMatchObject({
      reason: "campaign is off",
    });
    expect(decideEntry(over50, { ...entryFacts, shopInstalled: false })).toMatchObject({
      reason: "app uninstalled",
    });
  });

  it("every condition must hold: customer tag and orders count", () => {
    const wholesale = buildDefinition(
      "abandoned_cart",
      cartSettings([
        { field: "customer.tag", op: "has_not", value: "Wholesale" },
        { field: "customer.orders_count", op: "lt", value: 3 },
      ]),
      options,
    );
    const customer = (tags: string[], ordersCount: number) => ({
      ...entryFacts,
      subject: { ...entryFacts.subject, customer: { tags, ordersCount } },
    });
    expect(decideEntry(wholesale, customer(["vip"], 2))).toEqual({ action: "enter" });
    expect(decideEntry(wholesale, customer(["wholesale"], 2))).toEqual({
      action: "skip",
      reason: "only when customer tag does not include Wholesale (it was wholesale)",
    });
    expect(decideEntry(wholesale, customer([], 3))).toEqual({
      action: "skip",
      reason: "only when customer's orders is less than 3 (it was 3)",
    });
  });

  it("soft opt-in lets an existing customer in only when the definition says so", () => {
    const existing = {
      ...entryFacts,
      subject: { ...entryFacts.subject, cart: { totalCents: 9000, itemCount: 1, currency: "EUR" } },
      consent: { marketingState: null, acceptsMarketing: false, ordersCount: 2 },
    };
    expect(decideEntry(cart, existing)).toMatchObject({
      action: "skip",
      reason: "not subscribed to email marketing",
    });
    const soft = buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), {
      ...options,
      abandonedCartSoftOptIn: true,
    });
    expect(decideEntry(soft, existing)).toEqual({ action: "enter", note: "soft opt-in (existing customer)" });
  });
});

describe("exit conditions, when their event arrives", () => {
  it("an order from the journey's checkout, or a completed checkout", () => {
    expect(reactToEvent(cart, cartJourney(false), order("tok-1"), at(0.5))).toEqual({
      kind: "exit",
      condition: "order_with_checkout_token",
      reason: "order placed from this checkout",
    });
    expect(
      reactToEvent(cart, cartJourney(false), { type: "checkout_completed", checkoutToken: "tok-1" }, at(0.5)),
    ).toMatchObject({ kind: "exit", reason: "checkout completed" });
    expect(
      reactToEvent(cart, cartJourney(false), { type: "checkout_completed", checkoutToken: "other" }, at(0.5)),
    ).toEqual({ kind: "none" });
  });

  it("any order of the customer", () => {
    expect(reactToEvent(cart, cartJourney(false), order(null), at(0.5))).toEqual({
      kind: "exit",
      condition: "order_by_customer_since_entry",
      reason: "the customer placed an order",
    });
    // A survey does not list order exits: an order changes nothing for it.
    expect(reactToEvent(survey, cartJourney(false), order(null), at(0.5))).toEqual({ kind: "none" });
  });

  it("unsubscribed and suppressed are told apart", () => {
    expect(
      reactToEvent(survey, cartJourney(false), { type: "suppressed", reason: "unsubscribed" }, entry),
    ).toEqual({ kind: "exit", condition: "unsubscribed", reason: "suppressed: unsubscribed" });
    expect(
      reactToEvent(survey, cartJourney(false), { type: "suppressed", reason: "bounced" }, entry),
    ).toEqual({
      kind: "exit",
      condition: "suppressed",
      reason: "suppressed: bounced",
    });
  });

  it("consent withdrawn, by the definition's consent policy", () => {
    const consent = (marketingState: string | null, ordersCount = 0) => ({
      type: "consent_changed" as const,
      consent: { marketingState, acceptsMarketing: false, ordersCount },
    });
    expect(reactToEvent(cart, cartJourney(false), consent("UNSUBSCRIBED"), entry)).toEqual({
      kind: "exit",
      condition: "consent_withdrawn",
      reason: "email marketing state is unsubscribed",
    });
    expect(reactToEvent(cart, cartJourney(false), consent("SUBSCRIBED"), entry)).toEqual({ kind: "none" });
    const soft = buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), {
      ...options,
      abandonedCartSoftOptIn: true,
    });
    expect(reactToEvent(cart, cartJourney(false), consent(null, 3), entry)).toMatchObject({ kind: "exit" });
    expect(reactToEvent(soft, cartJourney(false), consent(null, 3), entry)).toEqual({ kind: "none" });
  });
});

describe("exit conditions, right before an email", () => {
  const sendFacts: SendFacts = {
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
    now: at(1),
  };
  const step = survey.steps[1]!;
  if (step.kind !== "send") throw new Error("fixture");

  it("an order counts only for campaigns that exit on orders", () => {
    const ordered = { ...sendFacts, orderExit: "the customer ordered (order 9)" };
    const reminder = cart.steps[1]!;
    if (reminder.kind !== "send") throw new Error("fixture");
    expect(decideSend(cart, reminder, ordered)).toEqual({
      action: "cancel",
      reason: "the customer ordered (order 9)",
    });
    expect(decideSend(survey, step, ordered)).toEqual({ action: "send" });
  });

  it("an unsubscribed or bounced address, and withdrawn consent", () => {
    for (const suppression of ["unsubscribed", "bounced", "spam_report"])
      expect(decideSend(survey, step, { ...sendFacts, suppression })).toEqual({
        action: "cancel",
        reason: "address suppressed (bounced, spam report or unsubscribed)",
      });
    expect(
      decideSend(survey, step, {
        ...sendFacts,
        consent: { ...sendFacts.consent, marketingState: "UNSUBSCRIBED" },
      }),
    ).toEqual({ action: "cancel", reason: "email marketing state is unsubscribed" });
  });

  it("a campaign listening to orders waits for an order still being processed; a survey does not", () => {
    expect(listensToOrders(cart)).toBe(true);
    expect(listensToOrders(survey)).toBe(false);
  });
});

describe("waitFor steps", () => {
  it("the journey waits at a waitFor only once it has reached it, and until it ends", () => {
    expect(waitingAt(cart, cartJourney(false).progress, at(0.5))).toBeNull(); // still before the reminder
    expect(waitingAt(cart, cartJourney(true).progress, at(2))).toMatchObject({ id: "wait_discount" });
    expect(waitingAt(cart, cartJourney(true).progress, at(24))).toBeNull(); // timed out: the discount is due
    expect(waitingAt(cart, cartJourney(true, { wait_discount: at(3) }).progress, at(4))).toBeNull();
  });

  it("onEvent exit: the event ends the journey while it waits", () => {
    const waitOnly: CampaignDefinition = {
      ...cart,
      exits: cart.exits.filter((e) => e !== "order_by_customer_since_entry"),
    };
    expect(reactToEvent(waitOnly, cartJourney(true), order(null), at(2))).toEqual({
      kind: "exit",
      reason: "wait_discount: the customer placed an order",
      step: "wait_discount",
    });
    // Before the journey reaches the wait, the event is not what it waits for.
    expect(reactToEvent(waitOnly, cartJourney(false), order(null), at(0.5))).toEqual({ kind: "none" });
    // Events the step does not wait for change nothing.
    expect(
      reactToEvent(waitOnly, cartJourney(true), { ...order(null), type: "order_fulfilled" }, at(2)),
    ).toEqual({
      kind: "none",
    });
  });

  it("onEvent continue: the wait ends at the event and the next email is due then", () => {
    const continuing: CampaignDefinition = {
      ...cart,
      exits: cart.exits.filter((e) => !e.startsWith("order_")),
      steps: cart.steps.map((s) => (s.kind === "waitFor" ? { ...s, onEvent: "continue" as const } : s)),
    };
    expect(definitionSchema.safeParse(continuing).success).toBe(true);
    expect(reactToEvent(continuing, cartJourney(true), order(null), at(5))).toEqual({
      kind: "continue",
      step: "wait_discount",
    });
    const before = nextAction(continuing, cartJourney(true).progress);
    expect(before.kind === "send" && before.dueAt).toEqual(at(24));
    const after = nextAction(continuing, cartJourney(true, { wait_discount: at(5) }).progress);
    expect(after).toMatchObject({ kind: "send", step: { id: "discount" }, dueAt: at(5) });
  });
});
