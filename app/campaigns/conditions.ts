// Entry conditions ("Only when…"): data a merchant or agency sets per campaign, checked by the
// engine when a trigger event would start a journey — "only carts of at least 50 €" is
// `{ field: "cart.total", op: "gte", value: 5000 }`. Amounts are minor units of the store's
// currency. Every condition must hold; a failing one is the skip reason on the timeline. Pure.
import { z } from "zod";
import { formatMoney } from "../lib/money";
import { TRIGGER_EVENTS, type SubjectData, type TriggerEventType } from "./campaign-events";

const NUMBER_OPS = ["gte", "gt", "lte", "lt", "eq"] as const;
type NumberOp = (typeof NUMBER_OPS)[number];
const numberOp = z.enum(NUMBER_OPS);
const amount = z.number().int().min(0).max(1_000_000_000);
const count = z.number().int().min(0).max(1_000_000);

export const conditionSchema = z.discriminatedUnion("field", [
  z.object({ field: z.literal("cart.total"), op: numberOp, value: amount }),
  z.object({ field: z.literal("cart.item_count"), op: numberOp, value: count }),
  z.object({ field: z.literal("order.total"), op: numberOp, value: amount }),
  z.object({ field: z.literal("order.item_count"), op: numberOp, value: count }),
  z.object({ field: z.literal("customer.orders_count"), op: numberOp, value: count }),
  z.object({ field: z.literal("customer.days_since_last_order"), op: numberOp, value: count }),
  z.object({
    field: z.literal("customer.tag"),
    op: z.enum(["has", "has_not"]),
    value: z.string().trim().min(1, "Enter a tag.").max(255),
  }),
  z.object({ field: z.literal("vip.tier"), op: z.literal("is"), value: z.enum(["silver", "gold"]) }),
]);
export type Condition = z.infer<typeof conditionSchema>;
export type ConditionField = Condition["field"];
export const MAX_CONDITIONS = 5;

type FieldInfo = {
  label: string;
  type: "money" | "count" | "tag" | "tier";
  /** The trigger events that know this value. */
  events: readonly TriggerEventType[];
};

export const CONDITION_FIELDS: Record<ConditionField, FieldInfo> = {
  "cart.total": { label: "Cart value", type: "money", events: ["checkout_abandoned"] },
  "cart.item_count": { label: "Items in the cart", type: "count", events: ["checkout_abandoned"] },
  "order.total": { label: "Order value", type: "money", events: ["order_paid", "order_fulfilled"] },
  "order.item_count": {
    label: "Items in the order",
    type: "count",
    events: ["order_paid", "order_fulfilled"],
  },
  "customer.orders_count": { label: "Customer's orders", type: "count", events: TRIGGER_EVENTS },
  "customer.days_since_last_order": {
    label: "Days since the last order",
    type: "count",
    events: ["customer_lapsed"],
  },
  "customer.tag": { label: "Customer tag", type: "tag", events: TRIGGER_EVENTS },
  "vip.tier": { label: "VIP tier reached", type: "tier", events: ["tier_upgraded"] },
};

export const fieldsFor = (event: TriggerEventType): ConditionField[] =>
  (Object.keys(CONDITION_FIELDS) as ConditionField[]).filter((f) =>
    CONDITION_FIELDS[f].events.includes(event),
  );

export const OP_LABELS: Record<NumberOp | "has" | "has_not" | "is", string> = {
  gte: "is at least",
  gt: "is more than",
  lte: "is at most",
  lt: "is less than",
  eq: "is exactly",
  has: "includes",
  has_not: "does not include",
  is: "is",
};

/** What a condition looks at: the subject's data (cart, order, tier) and the customer as known. */
export type ConditionFacts = SubjectData & {
  customer: { ordersCount: number; tags: string[] };
};

type Value = { kind: "number"; value: number; money?: string } | { kind: "tags"; tags: string[] } | null;

function valueOf(field: ConditionField, facts: ConditionFacts): Value {
  switch (field) {
    case "cart.total":
      return facts.cart ? { kind: "number", value: facts.cart.totalCents, money: facts.cart.currency } : null;
    case "cart.item_count":
      return facts.cart ? { kind: "number", value: facts.cart.itemCount } : null;
    case "order.total":
      return facts.order
        ? { kind: "number", value: facts.order.totalCents, money: facts.order.currency }
        : null;
    case "order.item_count":
      return facts.order ? { kind: "number", value: facts.order.itemCount } : null;
    case "customer.orders_count":
      return { kind: "number", value: facts.customer.ordersCount };
    case "customer.days_since_last_order":
      return facts.lapse ? { kind: "number", value: facts.lapse.daysSinceLastOrder } : null;
    case "customer.tag":
      return { kind: "tags", tags: facts.customer.tags };
    case "vip.tier":
      return facts.tier ? { kind: "tags", tags: [facts.tier] } : null;
  }
}

const compare = (op: NumberOp, actual: number, wanted: number) =>
  op === "gte"
    ? actual >= wanted
    : op === "gt"
      ? actual > wanted
      : op === "lte"
        ? actual <= wanted
        : op === "lt"
          ? actual < wanted
          : actual === wanted;

/** The condition in words ("cart value is at least €50.00"), amounts in `currency`. */
export function describeCondition(condition: Condition, currency: string): string {
  const label = CONDITION_FIELDS[condition.field].label.toLowerCase();
  const value =
    CONDITION_FIELDS[condition.field].type === "money" && typeof condition.value === "number"
      ? formatMoney(condition.value, currency)
      : String(condition.value);
  return `${label} ${OP_LABELS[condition.op]} ${value}`;
}

function holds(condition: Condition, facts: ConditionFacts): { ok: boolean; actual: string } {
  const found = valueOf(condition.field, facts);
  if (!found) return { ok: false, actual: "unknown" };
  if (found.kind === "number") {
    const actual = found.money ? formatMoney(found.value, found.money) : String(found.value);
    return {
      ok: typeof condition.value === "number" && compare(condition.op, found.value, condition.value),
      actual,
    };
  }
  const has = found.tags.some((t) => t.trim().toLowerCase() === String(condition.value).trim().toLowerCase());
  return { ok: condition.op === "has_not" ? !has : has, actual: found.tags.join(", ") || "none" };
}

export type ConditionVerdict = { ok: true } | { ok: false; reason: string };

/** All conditions must hold; the first that does not is the reason, with the value it saw. */
export function checkConditions(
  conditions: readonly Condition[],
  facts: ConditionFacts,
  currency: string,
): ConditionVerdict {
  for (const condition of conditions) {
    const { ok, actual } = holds(condition, facts);
    if (!ok)
      return {
        ok: false,
        reason: `only when ${describeCondition(condition, currency)} (it was ${actual})`,
      };
  }
  return { ok: true };
}

// ── For the editor: a new condition per field, and edits that keep a condition well-typed ─────────

export const OPS_FOR_TYPE: Record<FieldInfo["type"], readonly Condition["op"][]> = {
  money: NUMBER_OPS,
  count: NUMBER_OPS,
  tag: ["has", "has_not"],
  tier: ["is"],
};

const isNumberOp = (op: string): op is NumberOp => (NUMBER_OPS as readonly string[]).includes(op);

/** A sensible first value for a field (amounts in minor units: 5000 is 50.00). */
export function defaultCondition(field: ConditionField): Condition {
  switch (field) {
    case "cart.total":
    case "order.total":
      return { field, op: "gte", value: 5000 };
    case "cart.item_count":
    case "order.item_count":
    case "customer.orders_count":
      return { field, op: "gte", value: 1 };
    case "customer.days_since_last_order":
      return { field, op: "lte", value: 365 };
    case "customer.tag":
      return { field, op: "has", value: "" };
    case "vip.tier":
      return { field, op: "is", value: "gold" };
  }
}

export function withOp(condition: Condition, op: string): Condition {
  switch (condition.field) {
    case "customer.tag":
      return op === "has" || op === "has_not" ? { ...condition, op } : condition;
    case "vip.tier":
      return condition;
    default:
      return isNumberOp(op) ? { ...condition, op } : condition;
  }
}

/** A number left empty in the editor is NaN, which validation names. */
export function withValue(condition: Condition, value: number | string): Condition {
  switch (condition.field) {
    case "customer.tag":
      return { ...condition, value: String(value) };
    case "vip.tier":
      return value === "silver" || value === "gold" ? { ...condition, value } : condition;
    default:
      return typeof value === "number" ? { ...condition, value } : condition;
  }
}
