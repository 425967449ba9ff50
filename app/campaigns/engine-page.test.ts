// The post-purchase survey's delivery modes, as the engine reads them from the definition: "page
// then email" adds the `answered_on_page` exit (checked at entry, on the page answer's event and
// before the email), "page only" lets nobody enter, "email only" ignores the pages; and a survey
// requested on demand. Pure: no database.
import { describe, expect, it } from "vitest";
import { subjectOf } from "./campaign-events";
import { buildDefinition } from "./definition";
import { decideEntry, decideSend, reactToEvent, type EntryFacts, type SendFacts } from "./engine";
import { defaultSettings } from "./settings";

const now = new Date("2026-01-05T10:00:00Z");
const options = { surveysCapped: true, abandonedCartSoftOptIn: false };
const survey = (delivery: "page_then_email" | "page_only" | "email_only") =>
  buildDefinition("post_purchase", { ...defaultSettings("post_purchase"), delivery }, options);

const entryFacts: EntryFacts = {
  enabled: true,
  shopInstalled: true,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 1 },
  suppressed: false,
  subject: {
    order: { totalCents: 5000, itemCount: 1, currency: "EUR" },
    customer: { ordersCount: 1, tags: [] },
  },
  currency: "EUR",
  subjectJourney: null,
  activeJourneyForCustomer: false,
  lastEntryAt: null,
  now,
};
const journey = (orderId: string) => ({
  checkoutToken: null,
  orderId,
  progress: { entryAt: now, cursor: 1, previousAt: null },
});
const sendFacts: SendFacts = {
  journeyState: "active",
  enabled: true,
  shopInstalled: true,
  suppression: null,
  consent: { marketingState: "SUBSCRIBED", acceptsMarketing: false, ordersCount: 1 },
  orderExit: null,
  lastCappedSendAt: null,
  capHours: 16,
  quiet: { enabled: false, start: "21:00", end: "08:00" },
  timeZone: "UTC",
  now,
};

describe("delivery modes in the definition", () => {
  it("maps each mode to the page setting and its exit; any post-purchase survey may be requested", () => {
    expect(survey("page_then_email")).toMatchObject({ page: "before_email", trigger: { onDemand: true } });
    expect(survey("page_then_email").exits).toContain("answered_on_page");
    expect(survey("page_only").page).toBe("instead_of_email");
    expect(survey("email_only").page).toBe("off");
    expect(survey("email_only").exits).not.toContain("answered_on_page");
    const cart = buildDefinition("abandoned_cart", defaultSettings("abandoned_cart"), options);
    expect(cart.page).toBeUndefined();
    expect(cart.trigger.onDemand).toBeUndefined();
  });

  it("entry: an order answered on its page is skipped in page-then-email, not in email-only", () => {
    const answered = { ...entryFacts, pageAnswer: "Thank-you page" };
    expect(decideEntry(survey("page_then_email"), answered)).toEqual({
      action: "skip",
      reason: "answered the survey on the Thank-you page",
    });
    expect(decideEntry(survey("page_then_email"), entryFacts)).toEqual({ action: "enter" });
    expect(decideEntry(survey("email_only"), answered)).toEqual({ action: "enter" });
  });

  it("entry: page only lets nobody into the email journey, and says why", () => {
    expect(decideEntry(survey("page_only"), entryFacts)).toEqual({
      action: "skip",
      reason:
        "the survey is asked on the Thank-you and Order status pages only (no email in this delivery mode)",
    });
    // A switched-off campaign still says it is off first.
    expect(decideEntry(survey("page_only"), { ...entryFacts, enabled: false })).toMatchObject({
      reason: "campaign is off",
    });
  });

  it("a page answer ends the journey of its own order only", () => {
    const event = { type: "page_answered" as const, orderId: "9", where: "Order status page" };
    expect(reactToEvent(survey("page_then_email"), journey("9"), event, now)).toEqual({
      kind: "exit",
      condition: "answered_on_page",
      reason: "answered the survey on the Order status page",
    });
    expect(reactToEvent(survey("page_then_email"), journey("8"), event, now)).toEqual({ kind: "none" });
    expect(reactToEvent(survey("email_only"), journey("9"), event, now)).toEqual({ kind: "none" });
  });

  it("right before the email, a page answer cancels it (page then email)", () => {
    const definition = survey("page_then_email");
    const step = definition.steps[1]!;
    if (step.kind !== "send") throw new Error("fixture");
    expect(decideSend(definition, step, { ...sendFacts, pageAnswer: "Thank-you page" })).toEqual({
      action: "cancel",
      reason: "answered the survey on the Thank-you page",
    });
    expect(decideSend(definition, step, sendFacts)).toEqual({ action: "send" });
  });
});

describe("a survey requested on demand", () => {
  it("is about the customer's order: one journey per order, entry facts without the order's", () => {
    const subject = subjectOf({
      type: "survey_requested",
      requestedBy: "Shopify Flow",
      person: {
        customerId: "7",
        email: "a@example.com",
        firstName: "A",
        lastName: null,
        acceptsMarketing: false,
      },
      order: { id: "99", name: "#99", checkoutToken: null, lineItems: [], totalCents: 100, currency: "EUR" },
    });
    expect(subject).toMatchObject({
      subjectKey: "99",
      customerId: "7",
      data: {},
      context: { order: { id: "99", name: "#99" } },
      updateReason: "a survey was requested (Shopify Flow)",
    });
  });
});
