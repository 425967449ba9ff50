// What the engine needs to know about a customer, read from the customer mirror: marketing consent
// (with what the triggering checkout or order said) and what entry conditions look at.
import { customerTags, findCustomer } from "../customers/customers.server";
import type { Tx } from "../db.server";
import type { ConsentFacts } from "./rules";

export type Who = { customerId: string | null; email: string };
/** What the triggering event itself says about consent. */
export type EventConsent = { acceptsMarketing: boolean; ordersCount?: number };

export async function customerFacts(tx: Tx, shop: string, who: Who, fromEvent: EventConsent) {
  const customer = await findCustomer(tx, shop, { shopifyId: who.customerId, email: who.email });
  const consent = consentOf(customer, fromEvent);
  return {
    consent,
    customer: { ordersCount: consent.ordersCount, tags: customer ? customerTags(customer.tags) : [] },
  };
}

/** The consent columns of the customer mirror's row (null: no customer known). */
export type ConsentRow = {
  marketingState: string | null;
  ordersCount: number;
  smsMarketingState: string | null;
  phone: string | null;
} | null;

/** Consent from the customer's row, with what the triggering checkout/order said. */
export function consentOf(customer: ConsentRow, fromEvent: EventConsent): ConsentFacts {
  return {
    marketingState: customer?.marketingState ?? null,
    acceptsMarketing: fromEvent.acceptsMarketing,
    ordersCount: Math.max(customer?.ordersCount ?? 0, fromEvent.ordersCount ?? 0),
    sms: { state: customer?.smsMarketingState ?? null, phone: customer?.phone ?? null },
  };
}

/** Consent facts for an address: the customer mirror, plus what the triggering checkout/order said. */
export async function consentFacts(tx: Tx, shop: string, who: Who, fromEvent: EventConsent) {
  return (await customerFacts(tx, shop, who, fromEvent)).consent;
}
