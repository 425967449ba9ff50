// The real sample payloads (../shared/fixtures, or the project's copy in fixtures/), used as they are.
import fs from "node:fs";
import path from "node:path";
import { fixturesDir } from "../../scripts/fixtures";

export { fixturesDir };

export function fixtureText(relative: string): string {
  return fs.readFileSync(path.join(fixturesDir, relative), "utf8");
}

export function fixture<T extends object = Record<string, unknown>>(relative: string): T {
  return JSON.parse(fixtureText(relative)) as T;
}

/** Shopify sample file → the topic it is a sample of. */
export const SHOPIFY_FIXTURE_TOPICS: Record<string, string> = {
  "checkouts_create.json": "checkouts/create",
  "checkouts_update.json": "checkouts/update",
  "customer.tags_added.json": "customer.tags_added",
  "customers_create.json": "customers/create",
  "customers_data_request.json": "customers/data_request",
  "customers_email_marketing_consent_update.json": "customers_email_marketing_consent/update",
  "customers_purchasing_summary.json": "customers/purchasing_summary",
  "customers_redact.json": "customers/redact",
  "customers_update.json": "customers/update",
  "customers_update.legacy_pre_2025-01_shape.json": "customers/update",
  "fulfillments_update.json": "fulfillments/update",
  "orders_create.json": "orders/create",
  "orders_fulfilled.json": "orders/fulfilled",
  "orders_paid.json": "orders/paid",
};

export function shopifyFixtureFiles(): string[] {
  return fs.readdirSync(path.join(fixturesDir, "shopify")).filter((f) => f.endsWith(".json"));
}
