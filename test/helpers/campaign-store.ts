// A store acting on a clock the test moves: Shopify's sample payloads (ids, emails, amounts and
// timestamps changed) delivered as signed webhooks to the app's webhook route, then the worker's
// due jobs and sends run — as campaigns.test.ts does, shared by the campaign test files.
import { expect } from "vitest";
import { sweepDueSends } from "../../app/campaigns/dispatch.server";
import type { ManualClock } from "../../app/lib/clock";
import { fixture } from "./fixtures";
import { runJobs } from "./jobs";
import { webhookRequest } from "./shopify";
import { deliverWebhook } from "./webhooks";

export type Customer = { id: string; email: string };

export function campaignStore(shop: string, clock: ManualClock) {
  async function deliver(topic: string, body: unknown) {
    const res = await deliverWebhook(
      webhookRequest(`http://127.0.0.1:3000/webhooks/${topic.replace(".", "/")}`, { topic, body, shop }),
    );
    expect(res.status, `${topic} delivery`).toBe(200);
    await runJobs();
  }
  const withCustomer = (name: string, who: Customer) => {
    const sample = fixture<{ customer: object }>(name);
    return {
      ...sample,
      email: who.email,
      customer: { ...sample.customer, id: Number(who.id), email: who.email },
    };
  };
  return {
    deliver,
    /** Moves the clock, then lets the worker do what is due (sweep + jobs), as the periodic task would. */
    async advance(ms: number) {
      clock.advance(ms);
      await sweepDueSends(clock.now());
      await runJobs();
    },
    checkout: (who: Customer, token: string, overrides: Record<string, unknown> = {}) =>
      deliver("checkouts/create", {
        ...withCustomer("shopify/checkouts_create.json", who),
        token,
        ...overrides,
      }),
    order: (topic: string, who: Customer, id: number, overrides: Record<string, unknown> = {}) =>
      deliver(topic, {
        ...withCustomer("shopify/orders_create.json", who),
        id,
        contact_email: who.email,
        cancelled_at: null,
        ...overrides,
      }),
    consent: (who: Customer, state: string) =>
      deliver("customers_email_marketing_consent/update", {
        ...fixture("shopify/customers_email_marketing_consent_update.json"),
        customer_id: Number(who.id),
        email_address: who.email,
        email_marketing_consent: {
          state,
          opt_in_level: "single_opt_in",
          consent_updated_at: clock.now().toISOString(),
        },
      }),
  };
}
