// The rows of `npm run bench:bigshop`, as set-based SQL (big-shop-rows.ts): a shop's journeys,
// their decisions and sends, spread over its customers so each customer has the same handful of
// rows whatever the shop's size (counts in big-shop-rows.ts): 3 abandoned-cart journeys (the first
// active), a win-back and a post-purchase journey, 2 sent reminders and the survey email (message
// ids set), 2 pending sends with the "scheduled" decision that explains each (the Sends page), a
// cancelled and a failed send. Plus, for one customer (TRACKED), a journey whose send is being
// dispatched: what readSendFacts reads. The shop's other rows (answers, order webhooks, orders,
// page answers, customers, HubSpot) are big-shop-seed-extra.ts's.
//
// Journey and ScheduledSend rows are written here directly, not through
// app/campaigns/journey-state.server.ts (the one writer the lint rule in eslint.config.js asks for):
// a million rows through the product would take far longer than the lookups they are there to
// slow down, and only their presence matters. bench:dispatch seeds its plain rows the same way; the
// rule's ignores name both files.
import { extraStatements } from "./big-shop-seed-extra.ts";
import {
  at,
  counts,
  customerIdOf,
  customerSql,
  emailOf,
  factsSendId,
  FALSE,
  insertRows,
  json,
  TRACKED,
  TRUE,
  type Kind,
  type ShopSize,
} from "./big-shop-rows.ts";

export * from "./big-shop-rows.ts";

const SEND_COLUMNS = [
  "id",
  "shop",
  "journeyId",
  "campaign",
  "step",
  "customerId",
  "email",
  "runAt",
  "state",
  "reason",
  "idempotencyKey",
  "capped",
  "messageId",
  "sentAt",
  "createdAt",
  "updatedAt",
];
const JOURNEY_COLUMNS = [
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
];

/** The statements that seed one shop, in order. */
export function seedStatements(kind: Kind, size: ShopSize): string[] {
  const { tag, domain, customers } = size;
  const n = counts(size);
  const ins = (table: string, columns: string[], rows: number, select: string) =>
    insertRows(kind, table, columns, rows, select);
  // Customer of journey j (< 3 × customers, abandoned carts): j % customers; the journey of decision
  // or sent reminder i: i % (3 × customers); pending and stopped send i (< 2 × customers): journey i.
  const carts = 3 * customers;
  const { email, customerId, orderId } = customerSql(size, "i");
  const journeyId = (journey: string) => `'${tag}-j-' || (${journey})`;
  const now = at(kind, "0");
  return [
    `INSERT INTO "Shop" ("domain", "name", "settings", "installedAt", "updatedAt")
       VALUES ('${domain}', 'Bench ${tag}', '{}', ${now}, ${now})`,
    ins(
      "Journey",
      JOURNEY_COLUMNS,
      carts,
      `${journeyId("i")}, '${domain}', 'abandoned_cart', 'checkout-' || i, ${customerId}, ${email},
       CASE WHEN i < ${customers} THEN 'active' ELSE 'completed' END, '{}', ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    // Each customer's win-back and post-purchase journeys (by customer id and email: attribution;
    // by order: the page survey), both over.
    ins(
      "Journey",
      JOURNEY_COLUMNS,
      customers,
      `'${tag}-wj-' || i, '${domain}', 'winback', 'winback-' || i, ${customerId}, ${email}, 'completed',
       '{}', ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Journey",
      JOURNEY_COLUMNS,
      customers,
      `'${tag}-pj-' || i, '${domain}', 'post_purchase', ${orderId}, ${customerId}, ${email}, 'completed',
       '{}', ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Decision",
      ["id", "shop", "journeyId", "campaign", "customerId", "email", "kind", "at"],
      10 * customers,
      `'${tag}-d-' || i, '${domain}', ${journeyId(`i % ${carts}`)}, 'abandoned_cart', ${customerId}, ${email},
       CASE i % 3 WHEN 0 THEN 'entered' WHEN 1 THEN 'scheduled' ELSE 'sent' END, ${at(kind, "i")}`,
    ),
    ins(
      "ScheduledSend",
      SEND_COLUMNS,
      2 * customers,
      `'${tag}-s-' || i, '${domain}', ${journeyId(`i % ${carts}`)}, 'abandoned_cart', 'reminder',
       ${customerId}, ${email}, ${at(kind, "i")}, 'sent', NULL, '${tag}-k-' || i, ${TRUE(kind)},
       '${tag}-m-' || i, ${at(kind, "i")}, ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    // The survey email of each customer's order (not capped), answered (big-shop-seed-extra.ts).
    ins(
      "ScheduledSend",
      SEND_COLUMNS,
      customers,
      `'${tag}-ss-' || i, '${domain}', '${tag}-pj-' || i, 'post_purchase', 'survey', ${customerId}, ${email},
       ${at(kind, "i")}, 'sent', NULL, '${tag}-sk-' || i, ${FALSE(kind)}, '${tag}-pm-' || i, ${at(kind, "i")},
       ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    // The Sends page: pending sends, soonest first, each explained by its "scheduled" decision …
    ins(
      "ScheduledSend",
      SEND_COLUMNS,
      n.pending,
      `'${tag}-ps-' || i, '${domain}', ${journeyId("i")}, 'abandoned_cart', 'reminder', ${customerId}, ${email},
       ${at(kind, `${carts} + i`)}, 'scheduled', NULL, '${tag}-pk-' || i, ${TRUE(kind)}, NULL, NULL,
       ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Decision",
      ["id", "shop", "journeyId", "campaign", "customerId", "email", "kind", "reason", "detail", "at"],
      n.pending,
      `'${tag}-pd-' || i, '${domain}', ${journeyId("i")}, 'abandoned_cart', ${customerId}, ${email}, 'scheduled',
       CASE WHEN i % 10 = 0 THEN 'reminder in 1 hour, moved out of quiet hours' ELSE 'reminder in 1 hour' END,
       ${json(kind, `'{"sendId": "${tag}-ps-' || i || '"}'`)}, ${at(kind, "i")}`,
    ),
    // … and the stopped ones, latest first.
    ins(
      "ScheduledSend",
      SEND_COLUMNS,
      n.stopped,
      `'${tag}-xs-' || i, '${domain}', ${journeyId("i")}, 'abandoned_cart', 'reminder', ${customerId}, ${email},
       ${at(kind, "i")}, CASE i % 2 WHEN 0 THEN 'cancelled' ELSE 'failed' END,
       CASE i % 2 WHEN 0 THEN 'the customer unsubscribed' ELSE 'the mail server refused it' END,
       '${tag}-xk-' || i, ${TRUE(kind)}, NULL, NULL, ${at(kind, "i")}, ${at(kind, "i")}`,
    ),
    ins(
      "Conversion",
      ["id", "shop", "campaign", "journeyId", "orderId", "step", "amountCents", "currency", "orderedAt"],
      n.conversions,
      `'${tag}-c-' || i, '${domain}', 'abandoned_cart', ${journeyId("i")}, '${tag}-o-' || i, 'reminder',
       12000, 'USD', ${at(kind, "i")}`,
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
    ...extraStatements(kind, size),
  ];
}
