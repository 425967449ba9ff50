// The rows of `npm run bench:bigshop`, as set-based SQL that runs the same on SQLite (a recursive
// CTE counts the rows) and PostgreSQL (generate_series): a shop's journeys, their decisions, sent
// emails, conversions, answers and order webhooks, spread over its customers so each customer has
// the same handful of rows whatever the shop's size (3 journeys, 10 decisions, 2 sent emails, 2
// answers, 2 order webhooks, one conversion every other customer). Plus, for one customer (TRACKED), a journey whose send is being dispatched: what
// readSendFacts reads.
//
// Journey and ScheduledSend rows are written here directly, not through
// app/campaigns/journey-state.server.ts (the one writer the lint rule in eslint.config.js asks for):
// a million rows through the product would take far longer than the lookups they are there to
// slow down, and only their presence matters. bench:dispatch seeds its plain rows the same way; the
// rule's ignores name both files.

export type Kind = "sqlite" | "postgresql";

/** One shop's size. Every count is a multiple of `customers` (3, 10, 2 and ½ of it). */
export type ShopSize = {
  /** "small" or "big": prefixes the shop's ids and keys, which are unique across the database. */
  tag: string;
  domain: string;
  customers: number;
};

/** The customer every lookup is about, in both shops: c7@example.com. */
export const TRACKED = 7;
const BASE = "2026-01-01 00:00:00";

export const counts = (size: ShopSize) => ({
  journeys: 3 * size.customers,
  decisions: 10 * size.customers,
  sends: 2 * size.customers,
  conversions: Math.floor(size.customers / 2),
  answers: 2 * size.customers,
  orderEvents: 2 * size.customers,
});

export const emailOf = (customer: number) => `c${customer}@example.com`;
export const customerIdOf = (customer: number) => String(9_000_000 + customer);
/** The subject key (a checkout token) of journey i; journey i < customers is customer i's active one. */
export const subjectKeyOf = (journey: number) => `checkout-${journey}`;
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

/** A timestamp `seconds` (an SQL expression) after BASE, as each database stores Prisma's DateTime. */
function at(kind: Kind, seconds: string) {
  return kind === "postgresql"
    ? `(TIMESTAMP '${BASE}' + (${seconds}) * INTERVAL '1 second')`
    : `(strftime('%Y-%m-%dT%H:%M:%S', '${BASE}', '+' || (${seconds}) || ' seconds') || '.000+00:00')`;
}

const TRUE = (kind: Kind) => (kind === "postgresql" ? "true" : "1");

/** The statements that seed one shop, in order. */
export function seedStatements(kind: Kind, size: ShopSize): string[] {
  const { tag, domain, customers } = size;
  const n = counts(size);
  const ins = (table: string, columns: string[], rows: number, select: string) => {
    const s = series(kind, rows);
    return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) ${s.with} SELECT ${select} FROM ${s.from}`;
  };
  // Customer of journey j: j % customers; the journey of decision or send i: i % journeys.
  const email = (journey: string) => `'c' || ((${journey}) % ${customers}) || '@example.com'`;
  const customerId = (journey: string) => `'' || (9000000 + (${journey}) % ${customers})`;
  const journeyId = (journey: string) => `'${tag}-j-' || (${journey})`;
  const now = at(kind, "0");
  return [
    `INSERT INTO "Shop" ("domain", "name", "settings", "installedAt", "updatedAt")
       VALUES ('${domain}', 'Bench ${tag}', '{}', ${now}, ${now})`,
    ins(
      "Journey",
      [
        "id",
        "shop",
        "campaign",
        "subjectKey",
        "customerId",
        "email",
        "state",
        "context",
        "enteredAt",
        "updatedAt",
      ],
      n.journeys,
      `${journeyId("i")}, '${domain}', 'abandoned_cart', 'checkout-' || i, ${customerId("i")}, ${email("i")},
       CASE WHEN i < ${customers} THEN 'active' ELSE 'completed' END, '{}', ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Decision",
      ["id", "shop", "journeyId", "campaign", "customerId", "email", "kind", "at"],
      n.decisions,
      `'${tag}-d-' || i, '${domain}', ${journeyId(`i % ${n.journeys}`)}, 'abandoned_cart',
       ${customerId(`i % ${n.journeys}`)}, ${email(`i % ${n.journeys}`)},
       CASE i % 3 WHEN 0 THEN 'entered' WHEN 1 THEN 'scheduled' ELSE 'sent' END, ${at(kind, "i")}`,
    ),
    ins(
      "ScheduledSend",
      [
        "id",
        "shop",
        "journeyId",
        "campaign",
        "step",
        "customerId",
        "email",
        "runAt",
        "state",
        "idempotencyKey",
        "capped",
        "sentAt",
        "createdAt",
        "updatedAt",
      ],
      n.sends,
      `'${tag}-s-' || i, '${domain}', ${journeyId(`i % ${n.journeys}`)}, 'abandoned_cart', 'reminder',
       ${customerId(`i % ${n.journeys}`)}, ${email(`i % ${n.journeys}`)}, ${at(kind, "i")}, 'sent',
       '${tag}-k-' || i, ${TRUE(kind)}, ${at(kind, "i")}, ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Conversion",
      ["id", "shop", "campaign", "journeyId", "orderId", "step", "amountCents", "currency", "orderedAt"],
      n.conversions,
      `'${tag}-c-' || i, '${domain}', 'abandoned_cart', ${journeyId("i")}, '${tag}-o-' || i, 'reminder',
       12000, 'USD', ${at(kind, "i")}`,
    ),
    // Two answers a customer: one on the Thank-you page about an order, one from an email.
    ins(
      "Answer",
      [
        "id",
        "shop",
        "source",
        "messageId",
        "orderId",
        "campaign",
        "questionKey",
        "value",
        "email",
        "customerId",
        "channel",
        "answeredAt",
        "updatedAt",
      ],
      n.answers,
      `'${tag}-a-' || i, '${domain}', CASE i % 2 WHEN 0 THEN 'thank_you_page' ELSE 'email' END,
       CASE i % 2 WHEN 0 THEN NULL ELSE '${tag}-m-' || i END,
       CASE i % 2 WHEN 0 THEN '${tag}-o-' || i ELSE NULL END, 'post_purchase', 'nps', '9',
       ${email(`i % ${customers}`)}, ${customerId(`i % ${customers}`)},
       CASE i % 2 WHEN 0 THEN 'page' ELSE 'link' END, ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    // Two processed order webhooks a customer (a send's facts count the pending ones).
    ins(
      "Event",
      ["id", "shop", "source", "topic", "dedupeKey", "receivedAt", "payload", "customerId", "email", "state"],
      n.orderEvents,
      `'${tag}-e-' || i, '${domain}', 'shopify', 'orders/create', '${tag}-order-' || i, ${at(kind, "i")},
       '{}', ${customerId(`i % ${customers}`)}, ${email(`i % ${customers}`)}, 'processed'`,
    ),
    // The tracked customer's journey whose email is being dispatched right now.
    `INSERT INTO "Journey" ("id", "shop", "campaign", "subjectKey", "customerId", "email", "state",
       "context", "enteredAt", "updatedAt")
     VALUES ('${tag}-j-facts', '${domain}', 'abandoned_cart', 'checkout-facts', '${customerIdOf(TRACKED)}',
       '${emailOf(TRACKED)}', 'active', '{}', ${now}, ${now})`,
    `INSERT INTO "ScheduledSend" ("id", "shop", "journeyId", "campaign", "step", "customerId", "email",
       "runAt", "state", "idempotencyKey", "capped", "createdAt", "updatedAt")
     VALUES ('${factsSendId(size)}', '${domain}', '${tag}-j-facts', 'abandoned_cart', 'reminder',
       '${customerIdOf(TRACKED)}', '${emailOf(TRACKED)}', ${now}, 'dispatching', '${tag}-k-facts',
       ${TRUE(kind)}, ${now}, ${now})`,
  ];
}
