// Replyloop's mirror of Shopify customers: what the campaign rules need (email, marketing consent,
// purchasing summary, tags, VIP tier, the latest order), kept current from webhooks.
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";
import { normalizeEmail } from "../lib/email-address";
import { phoneOrNull } from "../lib/phone";

export type CustomerPatch = {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  marketingState?: string;
  consentUpdatedAt?: Date;
  /** Stored as texts are addressed (app/lib/phone.ts); null removes it. */
  phone?: string | null;
  smsMarketingState?: string;
  smsConsentUpdatedAt?: Date;
  ordersCount?: number;
  amountSpentCents?: number;
  tags?: string[];
  /** The latest order as known (sandbox seeding; orders and summaries go through recordLastOrder). */
  lastOrderAt?: Date;
};

const SUBSCRIBED = "SUBSCRIBED";

/** Creates or updates the mirror row of one Shopify customer (by numeric id). */
export async function upsertCustomer(tx: Tx, shop: string, shopifyId: string, patch: CustomerPatch) {
  const data: Prisma.CustomerUpdateInput = {};
  if (patch.email !== undefined) data.email = normalizeEmail(patch.email) ?? null;
  if (patch.firstName !== undefined) data.firstName = patch.firstName;
  if (patch.lastName !== undefined) data.lastName = patch.lastName;
  if (patch.marketingState !== undefined) data.marketingState = patch.marketingState.toUpperCase();
  if (patch.consentUpdatedAt !== undefined) data.consentUpdatedAt = patch.consentUpdatedAt;
  if (patch.phone !== undefined) data.phone = phoneOrNull(patch.phone);
  if (patch.smsMarketingState !== undefined) data.smsMarketingState = patch.smsMarketingState.toUpperCase();
  if (patch.smsConsentUpdatedAt !== undefined) data.smsConsentUpdatedAt = patch.smsConsentUpdatedAt;
  if (patch.ordersCount !== undefined) data.ordersCount = patch.ordersCount;
  if (patch.amountSpentCents !== undefined) data.amountSpentCents = patch.amountSpentCents;
  if (patch.tags !== undefined) data.tags = patch.tags;
  if (patch.lastOrderAt !== undefined) data.lastOrderAt = patch.lastOrderAt;
  // A change into SUBSCRIBED is remembered with its time (the welcome campaign starts on it). When
  // another source (the Admin API) saw the change first, without a time, the consent webhook's fills in.
  const subscribing = patch.marketingState?.toUpperCase() === SUBSCRIBED;
  if (subscribing) {
    const before = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop, shopifyId } },
      select: { marketingState: true, emailSubscribedAt: true },
    });
    if (before?.marketingState !== SUBSCRIBED) data.emailSubscribedAt = patch.consentUpdatedAt ?? null;
    else if (!before.emailSubscribedAt && patch.consentUpdatedAt)
      data.emailSubscribedAt = patch.consentUpdatedAt;
  }
  return tx.customer.upsert({
    where: { shop_shopifyId: { shop, shopifyId } },
    create: {
      shop,
      shopifyId,
      tags: patch.tags ?? [],
      email: normalizeEmail(patch.email) ?? null,
      firstName: patch.firstName ?? null,
      lastName: patch.lastName ?? null,
      marketingState: patch.marketingState?.toUpperCase() ?? null,
      consentUpdatedAt: patch.consentUpdatedAt ?? null,
      phone: phoneOrNull(patch.phone),
      smsMarketingState: patch.smsMarketingState?.toUpperCase() ?? null,
      smsConsentUpdatedAt: patch.smsConsentUpdatedAt ?? null,
      ordersCount: patch.ordersCount ?? 0,
      amountSpentCents: patch.amountSpentCents ?? 0,
      lastOrderAt: patch.lastOrderAt ?? null,
      emailSubscribedAt: subscribing ? (patch.consentUpdatedAt ?? null) : null,
    },
    update: data,
  });
}

/**
 * An order of the customer became known (`at`: when it happened, as far as we can tell): the
 * mirror's latest order moves forward, never back. Returns the customer's latest order time.
 */
export async function recordLastOrder(
  tx: Tx,
  shop: string,
  shopifyId: string,
  order: { id: string | null; at: Date; email?: string | null },
): Promise<Date> {
  const current = await tx.customer.findUnique({
    where: { shop_shopifyId: { shop, shopifyId } },
    select: { lastOrderAt: true, email: true },
  });
  const email = normalizeEmail(order.email) ?? null;
  // An order names the customer's address: a mirror row without one learns it.
  const learnEmail = email && !current?.email ? { email } : {};
  if (current?.lastOrderAt && current.lastOrderAt >= order.at) {
    if (learnEmail.email)
      await tx.customer.update({ where: { shop_shopifyId: { shop, shopifyId } }, data: learnEmail });
    return current.lastOrderAt;
  }
  await tx.customer.upsert({
    where: { shop_shopifyId: { shop, shopifyId } },
    create: { shop, shopifyId, tags: [], email, lastOrderAt: order.at, lastOrderId: order.id },
    update: { lastOrderAt: order.at, ...(order.id ? { lastOrderId: order.id } : {}), ...learnEmail },
  });
  return order.at;
}

export function customerTags(stored: Prisma.JsonValue): string[] {
  return Array.isArray(stored) ? stored.filter((t): t is string => typeof t === "string") : [];
}

export async function findCustomer(
  tx: Tx,
  shop: string,
  ref: { shopifyId?: string | null; email?: string | null },
) {
  if (ref.shopifyId) {
    const byId = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop, shopifyId: ref.shopifyId } },
    });
    if (byId) return byId;
  }
  const email = normalizeEmail(ref.email);
  return email ? tx.customer.findFirst({ where: { shop, email }, orderBy: { updatedAt: "desc" } }) : null;
}
