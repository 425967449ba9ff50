// What the seed of `npm run bench:bigshop` (big-shop-seed.ts, big-shop-seed-extra.ts) and its
// lookups share: a shop's size, the counts and the ids of its rows, and the SQL that writes rows
// i = 0 … n-1 the same on SQLite (a recursive CTE counts the rows) and PostgreSQL
// (generate_series).

export type Kind = "sqlite" | "postgresql";

/** One shop's size. Every count is a multiple of `customers`. */
export type ShopSize = {
  /** "small" or "big": prefixes the shop's ids and keys, which are unique across the database. */
  tag: string;
  domain: string;
  customers: number;
  /** The shop's HubSpot portal (one a shop, so that a card reads one shop). */
  portalId: string;
};

/** The customer every lookup is about, in both shops: c7@example.com. */
export const TRACKED = 7;
const BASE = "2026-01-01 00:00:00";

/** A shop's rows, per customer as many in either shop. */
export const counts = (size: ShopSize) => ({
  // 3 abandoned carts, a win-back, a post-purchase survey.
  journeys: 5 * size.customers,
  // 10, plus the "scheduled" decision of each pending send.
  decisions: 12 * size.customers,
  // 2 sent reminders and the survey email.
  sent: 3 * size.customers,
  pending: 2 * size.customers,
  // Cancelled and failed, one each.
  stopped: 2 * size.customers,
  conversions: Math.floor(size.customers / 2),
  // 2 on an order or from an email, and the answer to the survey email.
  answers: 3 * size.customers,
  pageAnswers: size.customers,
  orders: size.customers,
  orderEvents: 2 * size.customers,
  customers: size.customers,
  crmContacts: size.customers,
});

export const emailOf = (customer: number) => `c${customer}@example.com`;
export const customerIdOf = (customer: number) => String(9_000_000 + customer);
export const hubspotIdOf = (customer: number) => String(700_000 + customer);
/** The subject key (a checkout token) of journey i; journey i < customers is customer i's active one. */
export const subjectKeyOf = (journey: number) => `checkout-${journey}`;
/** The customer's order (its post-purchase journey's subject; answered on its Thank-you page). */
export const orderIdOf = (size: ShopSize, customer: number) => `${size.tag}-po-${customer}`;
export const factsSendId = (size: ShopSize) => `${size.tag}-send-facts`;

/** `INSERT INTO … <rows i = 0 … n-1>`: the row source and the statement's head, per dialect. */
function series(kind: Kind, n: number) {
  return kind === "postgresql"
    ? { with: "", from: `generate_series(0, ${n - 1}) AS i` }
    : {
        with: `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${n})`,
        from: "seq",
      };
}

/** `INSERT INTO table (columns) SELECT <select> for i = 0 … rows-1`. */
export function insertRows(kind: Kind, table: string, columns: string[], rows: number, select: string) {
  const s = series(kind, rows);
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) ${s.with} SELECT ${select} FROM ${s.from}`;
}

/** A timestamp `seconds` (an SQL expression) after BASE, as each database stores Prisma's DateTime. */
export function at(kind: Kind, seconds: string) {
  return kind === "postgresql"
    ? `(TIMESTAMP '${BASE}' + (${seconds}) * INTERVAL '1 second')`
    : `(strftime('%Y-%m-%dT%H:%M:%S', '${BASE}', '+' || (${seconds}) || ' seconds') || '.000+00:00')`;
}

export const TRUE = (kind: Kind) => (kind === "postgresql" ? "true" : "1");
export const FALSE = (kind: Kind) => (kind === "postgresql" ? "false" : "0");

/** A Json column's value from a text expression (PostgreSQL's columns are jsonb). */
export const json = (kind: Kind, text: string) => (kind === "postgresql" ? `(${text})::jsonb` : text);

/** SQL expressions of the rows of customer `k` (an SQL expression) of the shop. */
export function customerSql(size: ShopSize, k: string) {
  const { tag, customers } = size;
  return {
    email: `'c' || ((${k}) % ${customers}) || '@example.com'`,
    customerId: `'' || (9000000 + (${k}) % ${customers})`,
    orderId: `'${tag}-po-' || ((${k}) % ${customers})`,
  };
}
