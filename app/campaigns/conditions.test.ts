import { describe, expect, it } from "vitest";
import { checkConditions, conditionSchema, describeCondition, fieldsFor, type Condition } from "./conditions";

const facts = {
  cart: { totalCents: 5000, itemCount: 3, currency: "EUR" },
  customer: { ordersCount: 2, tags: ["Newsletter", "VIP-Gold"] },
};
const check = (condition: Condition) => checkConditions([condition], facts, "EUR");

describe("entry conditions", () => {
  it("compares numbers with each operator", () => {
    const cases: [Condition["op"], number, boolean][] = [
      ["gte", 5000, true],
      ["gte", 5001, false],
      ["gt", 4999, true],
      ["gt", 5000, false],
      ["lte", 5000, true],
      ["lt", 5000, false],
      ["eq", 5000, true],
      ["eq", 4000, false],
    ];
    for (const [op, value, ok] of cases)
      expect(check(conditionSchema.parse({ field: "cart.total", op, value })).ok, `${op} ${value}`).toBe(ok);
    expect(check({ field: "cart.item_count", op: "gte", value: 3 })).toEqual({ ok: true });
    expect(check({ field: "customer.orders_count", op: "gt", value: 2 })).toEqual({
      ok: false,
      reason: "only when customer's orders is more than 2 (it was 2)",
    });
  });

  it("matches tags without regard to case or spaces", () => {
    expect(check({ field: "customer.tag", op: "has", value: " vip-gold " })).toEqual({ ok: true });
    expect(check({ field: "customer.tag", op: "has_not", value: "newsletter" })).toMatchObject({ ok: false });
  });

  it("a value the event does not carry fails, saying it was unknown", () => {
    expect(check({ field: "order.total", op: "gte", value: 1 })).toEqual({
      ok: false,
      reason: "only when order value is at least €0.01 (it was unknown)",
    });
    expect(check({ field: "vip.tier", op: "is", value: "gold" })).toMatchObject({ ok: false });
    expect(
      checkConditions([{ field: "vip.tier", op: "is", value: "gold" }], { ...facts, tier: "gold" }, "EUR"),
    ).toEqual({ ok: true });
  });

  it("no conditions: always", () => {
    expect(checkConditions([], facts, "EUR")).toEqual({ ok: true });
  });

  it("describes a condition in the store's currency, and offers only what a trigger knows", () => {
    expect(describeCondition({ field: "cart.total", op: "gte", value: 5000 }, "EUR")).toBe(
      "cart value is at least €50.00",
    );
    expect(describeCondition({ field: "order.total", op: "lt", value: 5000 }, "JPY")).toBe(
      "order value is less than ¥5,000",
    );
    expect(fieldsFor("checkout_abandoned")).toEqual([
      "cart.total",
      "cart.item_count",
      "customer.orders_count",
      "customer.tag",
    ]);
    expect(fieldsFor("tier_upgraded")).toEqual(["customer.orders_count", "customer.tag", "vip.tier"]);
  });

  it("refuses malformed conditions", () => {
    for (const bad of [
      { field: "cart.total", op: "has", value: 1 },
      { field: "cart.total", op: "gte", value: 1.5 },
      { field: "customer.tag", op: "has", value: "  " },
      { field: "cart.weight", op: "gte", value: 1 },
      { field: "vip.tier", op: "is", value: "bronze" },
    ])
      expect(conditionSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
