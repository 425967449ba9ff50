// Recovered revenue: an order that matches an abandoned-cart journey which already sent an email,
// placed within the attribution window after that email, is counted once for the campaign and
// credited to the last email sent before it.
import type { z } from "zod";
import { recordCrmChange } from "../crm/writes.server";
import type { Tx } from "../db.server";
import type { orderSchema } from "../shopify/payloads";
import { toMinorUnits } from "../lib/money";
import { loadCampaign } from "./config.server";
import { recordDecision } from "./decisions.server";
import { readContext } from "./journeys.server";

type Order = z.output<typeof orderSchema>;
const DAY = 24 * 3600_000;

export async function recordOrder(tx: Tx, shop: string, order: Order, email: string | null, now: Date) {
  if (await tx.conversion.findUnique({ where: { shop_orderId: { shop, orderId: order.id } } })) return null;
  const { settings } = await loadCampaign(tx, shop, "abandoned_cart");
  const window = settings.attributionDays * DAY;
  const candidates = await tx.journey.findMany({
    where: {
      shop,
      campaign: "abandoned_cart",
      enteredAt: { lte: now },
      OR: [
        ...(order.checkout_token ? [{ subjectKey: order.checkout_token }] : []),
        ...(email ? [{ email }] : []),
        ...(order.customer?.id ? [{ customerId: order.customer.id }] : []),
      ],
    },
    orderBy: { enteredAt: "desc" },
  });
  // The checkout itself first, then the customer's most recent journey.
  candidates.sort(
    (a, b) => Number(b.subjectKey === order.checkout_token) - Number(a.subjectKey === order.checkout_token),
  );
  for (const journey of candidates) {
    const sent = readContext(journey.context).sent.filter((s) => new Date(s.at) <= now);
    const last = sent.at(-1);
    if (!last || now.getTime() - new Date(last.at).getTime() > window) continue;
    const conversion = await tx.conversion.create({
      data: {
        shop,
        campaign: "abandoned_cart",
        journeyId: journey.id,
        orderId: order.id,
        step: last.step,
        amountCents: toMinorUnits(order.total_price, order.currency),
        currency: order.currency,
        orderedAt: now,
      },
    });
    await recordDecision(tx, {
      shop,
      campaign: "abandoned_cart",
      journeyId: journey.id,
      customerId: journey.customerId,
      email: journey.email,
      kind: "converted",
      reason: `order ${order.name ?? order.id} after "${last.step}"`,
      detail: {
        orderId: order.id,
        amountCents: conversion.amountCents,
        currency: order.currency,
        step: last.step,
      },
      at: now,
    });
    await recordCrmChange(tx, {
      shop,
      email: journey.email,
      properties: { replyloop_cart_recovered: "true" },
      at: now,
    });
    return conversion;
  }
  return null;
}
