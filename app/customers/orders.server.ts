// The orders the store told us about (orders/create, orders/paid), by shop: who placed each one.
// An answer given on the Thank-you or Order status page names only its order; this is how it finds
// its buyer, and how an order of another shop is told apart. Event handler, named by the routing
// table (app/events/routes.server.ts); pruned after ORDER_RETENTION_DAYS.
import type { Tx } from "../db.server";
import { typedHandler } from "../events/event";
import { normalizeEmail } from "../lib/email-address";
import { toMinorUnits } from "../lib/money";
import { orderSchema } from "../shopify/payloads";

export const ORDER_RETENTION_DAYS = 400;

export type KnownOrder = {
  orderId: string;
  name: string;
  email: string | null;
  customerId: string | null;
  totalCents: number;
  currency: string;
};

/** orders/create, orders/paid: the order and its buyer, as the newest webhook says. */
export const mirrorOrder = typedHandler(orderSchema, async (tx, order, event) => {
  const data = {
    name: order.name ?? `#${order.id}`,
    email: normalizeEmail(order.email ?? order.contact_email ?? order.customer?.email) ?? null,
    customerId: order.customer?.id ?? null,
    totalCents: toMinorUnits(order.total_price, order.currency),
    currency: order.currency,
  };
  const placed = new Date(order.created_at);
  await tx.shopOrder.upsert({
    where: { shop_orderId: { shop: event.shop, orderId: order.id } },
    create: {
      shop: event.shop,
      orderId: order.id,
      placedAt: Number.isNaN(placed.getTime()) ? event.receivedAt : placed,
      ...data,
    },
    update: data,
  });
});

/**
 * An order of this shop ("known"), an order we know belongs to another shop ("elsewhere"), or one
 * no shop told us about yet ("unknown": on the Thank-you page, the webhook may still be on its way).
 */
export async function findOrder(
  tx: Tx,
  shop: string,
  orderId: string,
): Promise<{ state: "known"; order: KnownOrder } | { state: "elsewhere" | "unknown" }> {
  const rows = await tx.shopOrder.findMany({ where: { orderId }, take: 2 });
  const own = rows.find((r) => r.shop === shop);
  if (own) return { state: "known", order: own };
  return { state: rows.length > 0 ? "elsewhere" : "unknown" };
}

/** The customer's most recent order we know of (by Shopify customer id, else by email). */
export async function latestOrderOf(tx: Tx, shop: string, who: { customerId: string; email: string | null }) {
  // The shop in each branch: SQLite then reads the customer's orders by its (shop, customerId) and
  // (shop, email) indexes; with `shop AND (… OR …)` it reads every order of the shop.
  return tx.shopOrder.findFirst({
    where: {
      OR: [{ shop, customerId: who.customerId }, ...(who.email ? [{ shop, email: who.email }] : [])],
    },
    orderBy: { placedAt: "desc" },
  });
}

/** Orders older than the retention period are forgotten. */
export async function pruneOrders(tx: Tx, now: Date) {
  const before = new Date(now.getTime() - ORDER_RETENTION_DAYS * 24 * 3600_000);
  const { count } = await tx.shopOrder.deleteMany({ where: { placedAt: { lt: before } } });
  return count;
}
