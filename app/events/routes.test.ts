// The routing table covers every event we can receive, and nothing else.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { settlePageAnswers } from "../answers/page-answers.server";
import { onStoreEvent } from "../campaigns/store-events.server";
import { mirrorOrder } from "../customers/orders.server";
import { onOrderPaidForVip } from "../campaigns/vip.server";
import { HUBSPOT_SUBSCRIPTION_TYPES } from "../crm/hubspot/events";
import { OUTBOX_EVENT_TYPES } from "../email/outbox/events";
import { SENDGRID_EVENT_TYPES } from "../email/sendgrid/events";
import { SHOPIFY_TOPICS } from "../shopify/topics";
import { SMS_OUTBOX_EVENT_TYPES } from "../sms/outbox/events";
import { TWILIO_EVENT_TYPES } from "../sms/twilio/webhooks";
import type { EventHandler } from "./event";
import { EVENT_ROUTES, handlersFor, type EventKey } from "./routes.server";

describe("the event routing table", () => {
  it("has one entry per Shopify topic, HubSpot subscription type, SendGrid event type, outbox report and Twilio post", () => {
    expect(Object.keys(EVENT_ROUTES).sort()).toEqual(
      [
        ...SHOPIFY_TOPICS.map((t) => `shopify:${t}`),
        ...HUBSPOT_SUBSCRIPTION_TYPES.map((t) => `hubspot:${t}`),
        ...SENDGRID_EVENT_TYPES.map((t) => `sendgrid:${t}`),
        ...OUTBOX_EVENT_TYPES.map((t) => `outbox:${t}`),
        ...TWILIO_EVENT_TYPES.map((t) => `twilio:${t}`),
        ...SMS_OUTBOX_EVENT_TYPES.map((t) => `sms_outbox:${t}`),
      ].sort(),
    );
  });

  it("handles every topic Shopify and HubSpot send us (ignoring is for SendGrid's extras)", () => {
    for (const [key, handlers] of Object.entries(EVENT_ROUTES))
      if (!key.startsWith("sendgrid:") && !["twilio:scheduled", "twilio:canceled"].includes(key))
        expect(handlers.length, key).toBeGreaterThan(0);
    // orders/paid: the order mirror and the page answers waiting for it, then campaigns (exits,
    // survey triggers) and the VIP tier, in that order.
    expect(handlersFor("shopify", "orders/paid")).toEqual([
      mirrorOrder,
      settlePageAnswers,
      onStoreEvent,
      onOrderPaidForVip,
    ]);
  });

  it("routes unknown events nowhere", () => {
    expect(handlersFor("shopify", "products/update")).toEqual([]);
    expect(handlersFor("sendgrid", "group_resubscribe")).toEqual([]);
    expect(handlersFor("hubspot", "contact.creation")).toEqual([]);
    expect(handlersFor("shopify", "constructor")).toEqual([]);
  });

  it("fails the type check on a misspelt or missing key", () => {
    const none: readonly EventHandler[] = [];
    // @ts-expect-error — not a topic we subscribe to
    const misspelt = { ...EVENT_ROUTES, "shopify:orders/payed": none } satisfies Record<EventKey, unknown>;
    const { "shopify:orders/paid": _dropped, ...rest } = EVENT_ROUTES;
    // @ts-expect-error — a topic without an entry
    const missing: Record<EventKey, readonly EventHandler[]> = rest;
    expect([misspelt, missing]).toHaveLength(2);
  });

  it("lists the subscriptions of the HubSpot project", () => {
    const file = path.resolve(import.meta.dirname, "../../hubspot/src/app/webhooks/webhooks-hsmeta.json");
    const text = fs.readFileSync(file, "utf8");
    for (const type of HUBSPOT_SUBSCRIPTION_TYPES) expect(text).toContain(`"${type}"`);
  });
});
