import { describe, expect, it } from "vitest";
import { fixture } from "../../test/helpers/fixtures";
import { subjectOf, type TriggerEvent } from "./campaign-events";
import { STORE_TOPICS } from "./store-topics";

// The samples' customer ids are beyond JavaScript's safe integers (as in campaigns.test.ts, replaced).
const sample = (name: string) => {
  const data = fixture<{ customer: object; id?: unknown }>(name);
  return { ...data, customer: { ...data.customer, id: 4001 } } as Record<string, unknown>;
};
const checkout = sample("shopify/checkouts_create.json");
const order = {
  ...sample("shopify/orders_paid.json"),
  id: 9001,
  line_items: [{ title: "Tee", quantity: 2, price: "10.00" }],
};

describe("store topics become campaign events", () => {
  it("an open checkout is abandoned; a completed one is completed", () => {
    const [abandoned] = STORE_TOPICS["checkouts/create"]({ ...checkout, email: " Jane@Example.com " });
    expect(abandoned).toMatchObject({ type: "checkout_abandoned", person: { email: "jane@example.com" } });
    expect(STORE_TOPICS["checkouts/update"]({ ...checkout, completed_at: "2026-01-05T10:00:00Z" })).toEqual([
      { type: "checkout_completed", checkoutToken: checkout.token },
    ]);
  });

  it("a paid order is placed and paid; a fulfilled one only fulfilled", () => {
    expect(STORE_TOPICS["orders/paid"](order).map((e) => e.type)).toEqual(["order_placed", "order_paid"]);
    expect(STORE_TOPICS["orders/create"](order).map((e) => e.type)).toEqual(["order_placed"]);
    expect(STORE_TOPICS["orders/fulfilled"](order).map((e) => e.type)).toEqual(["order_fulfilled"]);
  });
});

describe("subject extractors", () => {
  it("a checkout's journey is its token, with the cart's value for conditions", () => {
    const [event] = STORE_TOPICS["checkouts/create"]({
      ...checkout,
      email: "jane@example.com",
      total_price: "49.99",
      currency: "EUR",
    });
    const subject = subjectOf(event as TriggerEvent);
    expect(subject).toMatchObject({
      subjectKey: checkout.token,
      email: "jane@example.com",
      data: { cart: { totalCents: 4999, currency: "EUR" } },
      updateReason: "the checkout changed",
    });
  });

  it("no email or no items: nobody to write to", () => {
    const [anonymous] = STORE_TOPICS["checkouts/create"]({ ...checkout, email: null, customer: null });
    expect(subjectOf(anonymous as TriggerEvent)).toBeNull();
    const [empty] = STORE_TOPICS["checkouts/create"]({ ...checkout, email: "a@example.com", line_items: [] });
    expect(subjectOf(empty as TriggerEvent)).toBeNull();
  });

  it("an order's journey is its id; a tier's is customer and tier", () => {
    const [, paid] = STORE_TOPICS["orders/paid"]({ ...order, email: "b@example.com" });
    expect(subjectOf(paid as TriggerEvent)).toMatchObject({
      subjectKey: String(order.id),
      ordersCount: 1,
      updateReason: "the order changed",
    });
    expect(
      subjectOf({
        type: "tier_upgraded",
        person: {
          customerId: "7",
          email: "c@example.com",
          firstName: "C",
          lastName: null,
          acceptsMarketing: false,
        },
        tier: "gold",
        ordersCount: 4,
      }),
    ).toMatchObject({ subjectKey: "7:gold", data: { tier: "gold" }, context: { tier: "gold" } });
  });
});
