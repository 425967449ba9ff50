// The payload of every Shopify webhook topic Replyloop subscribes to (./topics.ts): the zod schema
// it must pass (only the fields we use; anything else is fine, and left out of the parsed value: a
// plain z.object never walks the keys it does not name, which on a 10 KB order is ~4 × cheaper
// than a loose one at intake) and who the event is about.
// Payloads follow API 2026-07: customer webhooks carry no tags, consent, order count or spend.
import { z } from "zod";
import { normalizeEmail } from "../lib/email-address";
import { shopifyId } from "./ids";
import type { ShopifyTopic } from "./topics";

const nullableString = z.string().nullish();
const money = z.union([z.string(), z.number()]).transform(String);

const customerRef = z
  .looseObject({
    id: shopifyId,
    email: nullableString,
    first_name: nullableString,
    last_name: nullableString,
  })
  .nullish();
const lineItems = z.array(
  z.object({
    title: z.string().nullish(),
    quantity: z.number().int().nonnegative(),
    price: money.nullish(),
    variant_id: shopifyId.nullish(),
    product_id: shopifyId.nullish(),
    variant_title: z.string().nullish(),
  }),
);

export const checkoutSchema = z.object({
  token: z.string().min(1),
  email: nullableString,
  line_items: lineItems,
  completed_at: nullableString,
  abandoned_checkout_url: nullableString,
  total_price: money.nullish(),
  currency: nullableString,
  created_at: nullableString,
  updated_at: nullableString,
  buyer_accepts_marketing: z.boolean().nullish(),
  customer: customerRef,
});

export const orderSchema = z.object({
  id: shopifyId,
  email: nullableString,
  contact_email: nullableString,
  checkout_token: nullableString,
  total_price: money,
  currency: z.string(),
  created_at: z.string(),
  line_items: lineItems,
  financial_status: nullableString,
  fulfillment_status: nullableString,
  name: nullableString,
  buyer_accepts_marketing: z.boolean().nullish(),
  customer: customerRef,
});

export const customerSchema = z.object({
  id: shopifyId,
  email: nullableString,
  phone: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  // Only in payloads older than 2025-01.
  email_marketing_consent: z.object({ state: z.string() }).nullish(),
});

export const purchasingSummarySchema = z.object({
  customerId: shopifyId,
  numberOfOrders: z.number().int().nonnegative(),
  amountSpent: z.object({ amount: money, currencyCode: z.string() }),
  lastOrderId: z.string().nullish(),
  occurredAt: z.string(),
});

export const consentSchema = z.object({
  customer_id: shopifyId,
  email_address: nullableString,
  email_marketing_consent: z.object({
    state: z.string(),
    opt_in_level: nullableString,
    consent_updated_at: nullableString,
  }),
});

/**
 * customers_marketing_consent/update: SMS marketing consent, its own topic since 2025-01 (customer
 * payloads no longer carry it). Shopify's example: { id, phone, sms_marketing_consent: { state,
 * opt_in_level, consent_updated_at, consent_collected_from } }, any of them null.
 */
export const smsConsentSchema = z.object({
  id: shopifyId,
  phone: nullableString,
  sms_marketing_consent: z
    .looseObject({
      state: nullableString,
      opt_in_level: nullableString,
      consent_updated_at: nullableString,
      consent_collected_from: nullableString,
    })
    .nullish(),
});

export const customerTagsSchema = z.object({
  customerId: shopifyId,
  tags: z.array(z.string()),
  occurredAt: z.string().nullish(),
});

const complianceCustomer = z.object({ id: shopifyId, email: nullableString, phone: nullableString });
export const dataRequestSchema = z.object({
  customer: complianceCustomer,
  orders_requested: z.array(shopifyId).default([]),
  data_request: z.object({ id: shopifyId }).nullish(),
});
export const customerRedactSchema = z.object({
  customer: complianceCustomer,
  orders_to_redact: z.array(shopifyId).default([]),
});
export const shopRedactSchema = z.object({ shop_domain: nullableString });
export const appUninstalledSchema = z.object({});
export const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

export type Identity = { customerId?: string; email?: string };

export type Inspection = { ok: true; identity: Identity } | { ok: false; message: string };

type TopicSpec<S extends z.ZodType> = { schema: S; identity(payload: z.output<S>): Identity };

/** A topic's schema, and `inspect`: validate a payload and say who it is about. */
const topic = <S extends z.ZodType>(spec: TopicSpec<S>) => ({
  schema: spec.schema,
  inspect(payload: unknown): Inspection {
    const parsed = spec.schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        message: issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "invalid payload",
      };
    }
    return { ok: true, identity: spec.identity(parsed.data) };
  },
});

const fromCustomerRef = (
  customer: { id: string; email?: string | null } | null | undefined,
  email?: string | null,
) => ({
  customerId: customer?.id,
  email: normalizeEmail(email ?? customer?.email),
});

/** Each topic's payload check: intake refuses (400) a delivery whose payload does not pass. */
export const SHOPIFY_PAYLOADS = {
  "checkouts/create": topic({
    schema: checkoutSchema,
    identity: (p) => fromCustomerRef(p.customer, p.email),
  }),
  "checkouts/update": topic({
    schema: checkoutSchema,
    identity: (p) => fromCustomerRef(p.customer, p.email),
  }),
  "orders/create": topic({
    schema: orderSchema,
    identity: (p) => fromCustomerRef(p.customer, p.email ?? p.contact_email),
  }),
  "orders/paid": topic({
    schema: orderSchema,
    identity: (p) => fromCustomerRef(p.customer, p.email ?? p.contact_email),
  }),
  "orders/fulfilled": topic({
    schema: orderSchema,
    identity: (p) => fromCustomerRef(p.customer, p.email ?? p.contact_email),
  }),
  "customers/create": topic({
    schema: customerSchema,
    identity: (p) => ({ customerId: p.id, email: normalizeEmail(p.email) }),
  }),
  "customers/update": topic({
    schema: customerSchema,
    identity: (p) => ({ customerId: p.id, email: normalizeEmail(p.email) }),
  }),
  "customers/purchasing_summary": topic({
    schema: purchasingSummarySchema,
    identity: (p) => ({ customerId: p.customerId }),
  }),
  "customers_email_marketing_consent/update": topic({
    schema: consentSchema,
    identity: (p) => ({ customerId: p.customer_id, email: normalizeEmail(p.email_address) }),
  }),
  "customers_marketing_consent/update": topic({
    schema: smsConsentSchema,
    identity: (p) => ({ customerId: p.id }),
  }),
  "customer.tags_added": topic({
    schema: customerTagsSchema,
    identity: (p) => ({ customerId: p.customerId }),
  }),
  "customer.tags_removed": topic({
    schema: customerTagsSchema,
    identity: (p) => ({ customerId: p.customerId }),
  }),
  "app/uninstalled": topic({ schema: appUninstalledSchema, identity: () => ({}) }),
  "app/scopes_update": topic({ schema: scopesUpdateSchema, identity: () => ({}) }),
  "customers/data_request": topic({
    schema: dataRequestSchema,
    identity: (p) => ({ customerId: p.customer.id, email: normalizeEmail(p.customer.email) }),
  }),
  "customers/redact": topic({
    schema: customerRedactSchema,
    identity: (p) => ({ customerId: p.customer.id, email: normalizeEmail(p.customer.email) }),
  }),
  "shop/redact": topic({ schema: shopRedactSchema, identity: () => ({}) }),
} satisfies Record<ShopifyTopic, { inspect(payload: unknown): Inspection }>;
