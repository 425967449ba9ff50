// Finding a customer's journeys by any of the keys an event carries: the subject (a checkout
// token), the address, the Shopify customer id. One lookup per key, each served by its own index
// ((shop, subjectKey), (shop, email, enteredAt), (shop, customerId)), the rows merged: one query with
// an OR of the three reads a big shop's journeys whole on SQLite, whose planner (without statistics)
// prefers an index that saves the sort (scripts/bench/big-shop.ts: 300,000 journeys, ~80 ms a lookup).
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";

/** What identifies the customer or the subject an event is about (any may be missing). */
export type CustomerRef = { email?: string | null; customerId?: string | null; subjectKey?: string | null };

/** The shop's journeys that match `where` and any key of `ref` (each once), in no order. */
export async function journeysOfAny(
  tx: Tx,
  where: Prisma.JourneyWhereInput & { shop: string },
  ref: CustomerRef,
) {
  const keys: Prisma.JourneyWhereInput[] = [
    ...(ref.subjectKey ? [{ subjectKey: ref.subjectKey }] : []),
    ...(ref.email ? [{ email: ref.email }] : []),
    ...(ref.customerId ? [{ customerId: ref.customerId }] : []),
  ];
  const found = await Promise.all(keys.map((key) => tx.journey.findMany({ where: { ...where, ...key } })));
  return [...new Map(found.flat().map((journey) => [journey.id, journey])).values()];
}

/** Oldest first. */
export const byEntry = (a: { enteredAt: Date }, b: { enteredAt: Date }) =>
  a.enteredAt.getTime() - b.enteredAt.getTime();
