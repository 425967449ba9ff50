import { describe, expect, it } from "vitest";
import { fromSendGridEvent, sendgridEventSchema, type SendGridEvent } from "../sendgrid/events";
import { effectsOf as effectsOfDelivery, type MessageSnapshot } from "./effects";

/** A SendGrid event as the handler applies it: translated, then its effects (none when it says nothing). */
const effectsOf = (event: SendGridEvent, snapshot: MessageSnapshot | null) => {
  const delivery = fromSendGridEvent(event);
  return delivery ? effectsOfDelivery(delivery, snapshot) : {};
};

const ts = 1_790_000_000;
const at = new Date(ts * 1000);
const event = (event: string, extra: Record<string, unknown> = {}) =>
  sendgridEventSchema.parse({
    event,
    timestamp: ts,
    sg_event_id: "e1",
    email: "jane@example.com",
    rl_message: "m1",
    ...extra,
  });
const sent: MessageSnapshot = { status: "sent", deliveredAt: null, openedAt: null, clickedAt: null };

describe("effectsOf (SendGrid events, translated)", () => {
  it("delivered: status, timestamp and engagement, once", () => {
    expect(effectsOf(event("delivered"), sent)).toEqual({
      message: { status: "delivered", deliveredAt: at },
      engagement: "delivered",
    });
    expect(effectsOf(event("delivered"), { ...sent, status: "delivered", deliveredAt: at })).toEqual({
      message: { status: undefined },
    });
  });

  it("a real open counts; an Apple privacy (machine) open does not", () => {
    expect(effectsOf(event("open", { sg_machine_open: false }), sent)).toEqual({
      message: { status: "opened", openedAt: at },
      engagement: "opened",
    });
    expect(effectsOf(event("open", { sg_machine_open: true }), sent)).toEqual({});
  });

  it("a late delivered does not move an opened message back", () => {
    const opened = { ...sent, status: "opened", openedAt: at };
    expect(effectsOf(event("delivered"), opened).message?.status).toBeUndefined();
  });

  it("a click also marks the message opened", () => {
    expect(effectsOf(event("click"), sent)).toEqual({
      message: { status: "clicked", clickedAt: at, openedAt: at },
      engagement: "clicked",
    });
  });

  it("bounce → suppressed, bounced; a blocked (temporary) bounce only marks the message", () => {
    expect(effectsOf(event("bounce", { type: "bounce" }), sent)).toEqual({
      message: { status: "bounced" },
      suppress: "bounced",
      engagement: "bounced",
    });
    expect(effectsOf(event("bounce", { type: "bounce" }), { ...sent, status: "bounced" })).toEqual({
      message: { status: undefined },
      suppress: "bounced",
    });
    expect(effectsOf(event("bounce", { type: "blocked" }), sent)).toEqual({ message: { status: "blocked" } });
  });

  it("dropped suppresses only for address reasons", () => {
    expect(effectsOf(event("dropped", { reason: "Bounced Address" }), sent)).toMatchObject({
      suppress: "dropped",
      engagement: "bounced",
    });
    expect(effectsOf(event("dropped", { reason: "Invalid" }), sent)).toMatchObject({ suppress: "dropped" });
    expect(effectsOf(event("dropped", { reason: "Spam Reporting Address" }), sent)).toMatchObject({
      suppress: "spam_report",
    });
    expect(effectsOf(event("dropped", { reason: "Recipient List over Package Quota" }), sent)).toEqual({
      message: { status: "dropped" },
    });
  });

  it.each([
    ["spamreport", "spam_report", "spam_reported"],
    ["unsubscribe", "unsubscribed", "unsubscribed"],
    ["group_unsubscribe", "unsubscribed", "unsubscribed"],
  ])("%s → suppressed (%s), engagement unsubscribed", (name, reason, status) => {
    expect(effectsOf(event(name), { ...sent, status: "delivered" })).toEqual({
      message: { status },
      suppress: reason,
      engagement: "unsubscribed",
    });
  });

  it("an event for an unknown message still suppresses, and reports engagement (the handler keeps it for new suppressions)", () => {
    expect(effectsOf(event("bounce", { type: "bounce" }), null)).toEqual({
      message: { status: undefined },
      suppress: "bounced",
      engagement: "bounced",
    });
    expect(effectsOf(event("delivered"), null)).toEqual({ message: { status: undefined } });
  });

  it("ignores events it does not know", () => {
    expect(effectsOf(event("group_resubscribe"), sent)).toEqual({});
  });
});
