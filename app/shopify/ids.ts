// Shopify ids as they reach us: numbers, exact big-number strings (parseJsonLossless) or GIDs.
import { z } from "zod";

/** A Shopify id as it appears in payloads (number, exact big-number string, or GID) → its numeric string. */
export function numericId(value: string | number): string {
  const text = String(value);
  const gid = /^gid:\/\/shopify\/\w+\/(\d+)/.exec(text);
  return gid?.[1] ?? text;
}

export function customerGid(id: string) {
  return `gid://shopify/Customer/${numericId(id)}`;
}

export const shopifyId = z.union([z.number().int(), z.string().min(1)]).transform(numericId);

/** An order's GID as the storefront gives it ("gid://shopify/Order/123") → its numeric id. */
export const orderGidSchema = z
  .string()
  .regex(/^gid:\/\/shopify\/Order\/\d{1,20}$/, "an order GID: gid://shopify/Order/<id>")
  .transform(numericId);
