// Recovered revenue: an order that matches an abandoned-cart journey which already sent an email,
// placed within the attribution window after that email, is counted once for the campaign and
// credited to the last email sent before it. An order that recovers no cart but follows a win-back
// email within the win-back window is counted for the win-back campaign (the customer came back).
import { recordCrmChange } from "../crm/writes.server";
import type { Tx } from "../db.server";
import type { OrderInfo, Person } from "./campaign-events";
import { loadCampaign } from "./config.server";
import { recordDecision } from "./decisions.server";
import { readContext } from "./journey-context";
import { byEntry, journeysOfAny } from "./journey-lookup.server";

const DAY = 24 * 3600_000;

export async function recordOrder(
  tx: Tx,
  shop: string,
  placed: { person: Person; order: OrderInfo },
  now: Date,
) {
  const { order } = placed;
  const email = placed.person.email;
  if (await tx.conversion.findUnique({ where: { shop_orderId: { shop, orderId: order.id } } })) return null;
  const { settings } = await loadCampaign(tx, shop, "abandoned_cart");
  const window = settings.attributionDays * DAY;
  const candidates = (
    await journeysOfAny(
      tx,
      { shop, campaign: "abandoned_cart", enteredAt: { lte: now } },
      { subjectKey: order.checkoutToken, email, customerId: placed.person.customerId },
    )
  ).sort((a, b) => byEntry(b, a));
  // The checkout itself first, then the customer's most recent journey.
  candidates.sort(
    (a, b) => Number(b.subjectKey === order.checkoutToken) - Number(a.subjectKey === order.checkoutToken),
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
        amountCents: order.totalCents,
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
      reason: `order ${order.name} after "${last.step}"`,
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
  return recordWonBack(tx, shop, placed, now);
}

/** The customer's latest win-back journey that sent its email within the window before the order. */
async function recordWonBack(tx: Tx, shop: string, placed: { person: Person; order: OrderInfo }, now: Date) {
  const { order, person } = placed;
  const [journey] = (
    await journeysOfAny(
      tx,
      { shop, campaign: "winback", enteredAt: { lte: now } },
      { email: person.email, customerId: person.customerId },
    )
  ).sort((a, b) => byEntry(b, a));
  const last = journey
    ? readContext(journey.context)
        .sent.filter((s) => new Date(s.at) <= now)
        .at(-1)
    : null;
  if (!journey || !last) return null;
  const { settings } = await loadCampaign(tx, shop, "winback");
  if (now.getTime() - new Date(last.at).getTime() > settings.attributionDays * DAY) return null;
  const conversion = await tx.conversion.create({
    data: {
      shop,
      campaign: "winback",
      journeyId: journey.id,
      orderId: order.id,
      step: last.step,
      amountCents: order.totalCents,
      currency: order.currency,
      orderedAt: now,
    },
  });
  await recordDecision(tx, {
    shop,
    campaign: "winback",
    journeyId: journey.id,
    customerId: journey.customerId,
    email: journey.email,
    kind: "converted",
    reason: `order ${order.name} after "${last.step}": the customer came back`,
    detail: { orderId: order.id, amountCents: order.totalCents, currency: order.currency, step: last.step },
    at: now,
  });
  return conversion;
}
