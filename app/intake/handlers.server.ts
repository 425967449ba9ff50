// Which code processes which stored event: source and topic → the domain functions that react to
// it, in order, inside one transaction per event. Intake's own reactions (customer mirror,
// compliance, lifecycle) are listed here; campaigns, email and CRM contribute theirs through their
// registry modules. Handlers only write the database and enqueue jobs: calls to other systems
// (Shopify Admin, HubSpot, SendGrid) happen in jobs, never inside this transaction.
import type { z } from "zod";
import { campaignEventHandlers } from "../campaigns/registry.server";
import { crmEventHandlers } from "../crm/registry.server";
import db, { type Tx } from "../db.server";
import { emailEventHandlers } from "../email/registry.server";
import { upsertCustomer } from "../customers/customers.server";
import { toMinorUnits } from "../lib/money";
import { handleDataRequest, redactCustomer, redactShop } from "./compliance.server";
import { normalizeEmail } from "./shopify-ids";
import {
  consentSchema,
  customerRedactSchema,
  customerSchema,
  customerTagsSchema,
  dataRequestSchema,
  purchasingSummarySchema,
  scopesUpdateSchema,
} from "./shopify-topics";

export type EventRow = {
  id: string;
  shop: string;
  source: string;
  topic: string;
  payload: unknown;
  customerId: string | null;
  email: string | null;
  triggeredAt: Date | null;
  receivedAt: Date;
};
export type EventHandler = (tx: Tx, event: EventRow) => Promise<void>;

/** Payloads were validated at intake; parsing again gives handlers typed data. */
const typed =
  <S extends z.ZodType>(
    schema: S,
    handle: (tx: Tx, payload: z.output<S>, event: EventRow) => Promise<void>,
  ): EventHandler =>
  (tx, event) =>
    handle(tx, schema.parse(event.payload), event);

const customerMirror = typed(customerSchema, async (tx, p, event) => {
  await upsertCustomer(tx, event.shop, p.id, {
    email: p.email,
    firstName: p.first_name,
    lastName: p.last_name,
    // Pre-2025-01 payloads still carry consent; newer ones leave it to the consent topic.
    ...(p.email_marketing_consent ? { marketingState: p.email_marketing_consent.state } : {}),
  });
});

const consentMirror = typed(consentSchema, async (tx, p, event) => {
  const consent = p.email_marketing_consent;
  await upsertCustomer(tx, event.shop, p.customer_id, {
    ...(p.email_address ? { email: p.email_address } : {}),
    marketingState: consent.state,
    consentUpdatedAt: consent.consent_updated_at
      ? new Date(consent.consent_updated_at)
      : (event.triggeredAt ?? event.receivedAt),
  });
});

const purchasingSummaryMirror = typed(purchasingSummarySchema, async (tx, p, event) => {
  await upsertCustomer(tx, event.shop, p.customerId, {
    ordersCount: p.numberOfOrders,
    amountSpentCents: toMinorUnits(p.amountSpent.amount, p.amountSpent.currencyCode),
  });
});

const tagsMirror = (change: "added" | "removed") =>
  typed(customerTagsSchema, async (tx, p, event) => {
    const existing = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop: event.shop, shopifyId: p.customerId } },
    });
    const current = new Set(
      Array.isArray(existing?.tags) ? existing.tags.filter((t): t is string => typeof t === "string") : [],
    );
    for (const tag of p.tags) {
      if (change === "added") current.add(tag);
      else current.delete(tag);
    }
    await upsertCustomer(tx, event.shop, p.customerId, { tags: [...current] });
  });

const INTAKE_HANDLERS: Record<string, EventHandler[]> = {
  "shopify:customers/create": [customerMirror],
  "shopify:customers/update": [customerMirror],
  "shopify:customers_email_marketing_consent/update": [consentMirror],
  "shopify:customers/purchasing_summary": [purchasingSummaryMirror],
  "shopify:customer.tags_added": [tagsMirror("added")],
  "shopify:customer.tags_removed": [tagsMirror("removed")],
  "shopify:app/scopes_update": [
    typed(scopesUpdateSchema, async (tx, p, event) => {
      await tx.session.updateMany({ where: { shop: event.shop }, data: { scope: p.current.join(",") } });
    }),
  ],
  "shopify:customers/data_request": [
    typed(dataRequestSchema, (tx, p, event) =>
      handleDataRequest(tx, event.shop, {
        customerId: p.customer.id,
        email: normalizeEmail(p.customer.email),
      }),
    ),
  ],
  "shopify:customers/redact": [
    typed(customerRedactSchema, (tx, p, event) =>
      redactCustomer(tx, event.shop, { customerId: p.customer.id, email: normalizeEmail(p.customer.email) }),
    ),
  ],
  "shopify:shop/redact": [(tx, event) => redactShop(tx, event.shop)],
};

/** All handlers of one key, intake's first. */
function handlersOf(key: string): EventHandler[] {
  return [INTAKE_HANDLERS, campaignEventHandlers, emailEventHandlers, crmEventHandlers].flatMap(
    (table) => table[key] ?? [],
  );
}

/** The handler of an event, or undefined when nothing reacts to it (the event is marked ignored). */
export function handlerFor(source: string, topic: string): ((event: EventRow) => Promise<void>) | undefined {
  const handlers = handlersOf(`${source}:${topic}`);
  if (!handlers?.length) return undefined;
  return (event) =>
    db.$transaction(
      async (tx) => {
        for (const handle of handlers) await handle(tx, event);
      },
      { timeout: 30_000 },
    );
}
