// A shop's rows of `npm run bench:bigshop` besides its journeys, decisions and sends
// (big-shop-seed.ts), as many per customer in either shop: 2 answers (one on the Thank-you page
// about an order, one from an email) and the answer to the survey email, 2 processed order
// webhooks, the order of the post-purchase journey with an answer on its Thank-you page, the
// customer mirror's row, the customer's HubSpot contact; and the shop's HubSpot connection and its
// post-purchase survey (on, asked on the store's pages first).
import { at, counts, customerSql, insertRows, TRUE, type Kind, type ShopSize } from "./big-shop-rows.ts";

const ANSWER_COLUMNS = [
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
  "createdAt",
  "updatedAt",
];

/** The statements that seed one shop's other rows, in order. */
export function extraStatements(kind: Kind, size: ShopSize): string[] {
  const { tag, domain, customers, portalId } = size;
  const n = counts(size);
  const ins = (table: string, columns: string[], rows: number, select: string) =>
    insertRows(kind, table, columns, rows, select);
  const { email, customerId, orderId } = customerSql(size, "i");
  const now = at(kind, "0");
  const t = at(kind, "i");
  return [
    // Answer i from an email answers sent reminder i (its message id, big-shop-seed.ts).
    ins(
      "Answer",
      ANSWER_COLUMNS,
      2 * customers,
      `'${tag}-a-' || i, '${domain}', CASE i % 2 WHEN 0 THEN 'thank_you_page' ELSE 'email' END,
       CASE i % 2 WHEN 0 THEN NULL ELSE '${tag}-m-' || i END,
       CASE i % 2 WHEN 0 THEN '${tag}-o-' || i ELSE NULL END, 'post_purchase', 'nps', '9',
       ${email}, ${customerId}, CASE i % 2 WHEN 0 THEN 'page' ELSE 'link' END, ${t}, ${t}, ${t}`,
    ),
    ins(
      "Answer",
      ANSWER_COLUMNS,
      customers,
      `'${tag}-sa-' || i, '${domain}', 'email', '${tag}-pm-' || i, NULL, 'post_purchase', 'nps', '9',
       ${email}, ${customerId}, 'link', ${t}, ${t}, ${t}`,
    ),
    // Two processed order webhooks a customer (a send's facts count the pending ones).
    ins(
      "Event",
      ["id", "shop", "source", "topic", "dedupeKey", "receivedAt", "payload", "customerId", "email", "state"],
      n.orderEvents,
      `'${tag}-e-' || i, '${domain}', 'shopify', 'orders/create', '${tag}-order-' || i, ${t},
       '{}', ${customerId}, ${email}, 'processed'`,
    ),
    ins(
      "ShopOrder",
      [
        "id",
        "shop",
        "orderId",
        "name",
        "email",
        "customerId",
        "totalCents",
        "currency",
        "placedAt",
        "createdAt",
      ],
      n.orders,
      `'${tag}-so-' || i, '${domain}', ${orderId}, '#' || (1000 + i), ${email}, ${customerId}, 12000, 'USD',
       ${t}, ${t}`,
    ),
    // The order's follow-up answered on its Thank-you page (the score came from the survey email).
    ins(
      "PageAnswer",
      [
        "id",
        "shop",
        "orderId",
        "questionKey",
        "value",
        "source",
        "idempotencyKey",
        "locale",
        "tokenCustomerId",
        "state",
        "receivedAt",
        "settledAt",
      ],
      n.pageAnswers,
      `'${tag}-pa-' || i, '${domain}', ${orderId}, 'nps_loved', 'price', 'thank_you_page', '${tag}-pi-' || i,
       'en', ${customerId}, 'confirmed', ${t}, ${t}`,
    ),
    ins(
      "Customer",
      ["id", "shop", "shopifyId", "email", "ordersCount", "tags", "vipTier", "createdAt", "updatedAt"],
      n.customers,
      `'${tag}-cu-' || i, '${domain}', ${customerId}, ${email}, 2, '[]',
       CASE i % 10 WHEN 7 THEN 'gold' ELSE 'none' END, ${t}, ${t}`,
    ),
    `INSERT INTO "CrmConnection" ("id", "shop", "portalId", "authType", "accessTokenEnc", "status",
       "createdAt", "updatedAt")
     VALUES ('${tag}-crm', '${domain}', '${portalId}', 'private_app', 'v1.x.y.z', 'connected', ${now}, ${now})`,
    ins(
      "CrmContact",
      ["id", "shop", "portalId", "hubspotId", "email", "updatedAt"],
      n.crmContacts,
      `'${tag}-cc-' || i, '${domain}', '${portalId}', '' || (700000 + i), ${email}, ${t}`,
    ),
    `INSERT INTO "CampaignConfig" ("id", "shop", "kind", "enabled", "settings", "version", "updatedAt")
     VALUES ('${tag}-pp', '${domain}', 'post_purchase', ${TRUE(kind)}, '{}', 1, ${now})`,
  ];
}
