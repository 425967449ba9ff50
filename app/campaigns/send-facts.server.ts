// What the dispatch job reads before deciding a send (dispatch.server.ts), as plain SQL through the
// direct driver: one statement instead of a dozen Prisma queries, each of which cost ~0.6 ms of
// query compilation on the send path (decision 0017). Only reads; each row is turned into the
// owning module's facts by that module's own mapping (shopFacts, campaignFrom, consentOf,
// latestValues), so what a send sees is what every other reader sees.
import { latestValues } from "../answers/known.server";
import { sourceLabel } from "../answers/sources";
import {
  boolOf,
  dateOf,
  intOf,
  jsonOf,
  parameters,
  requiredDateOf,
  requiredTextOf,
  textOf,
  type SqlRow,
  type SqlSession,
} from "../db/session";
import { normalizeEmail } from "../lib/email-address";
import { shopFacts, type ShopFacts } from "../shops/shops.server";
import { campaignFrom, type ShopCampaign } from "./config.server";
import { consentOf, type ConsentRow } from "./facts.server";
import { readContext, type JourneyContext } from "./journey-context";
import type { JourneyRow, SendRow } from "./journey-state.server";
import { isCampaignKind, type CampaignKind } from "./kinds";
import { PAGE_SOURCES } from "./page-answers.server";
import type { ConsentFacts } from "./rules";

/** The send's journey: who, where it stands, what it carries. */
export type SendJourney = Omit<JourneyRow, "context"> & { state: string; context: JourneyContext };

/** Everything deciding a send looks at, read at one moment. */
export type SendFacts = {
  send: SendRow & { campaign: CampaignKind };
  journey: SendJourney | null;
  shop: ShopFacts;
  campaign: ShopCampaign;
  suppression: string | null;
  consent: ConsentFacts;
  lastCappedSendAt: Date | null;
  pendingOrders: number;
  /** The order a conversion of this journey was attributed to. */
  convertedOrderId: string | null;
  /** Where the journey's order was answered on the store's pages ("Thank-you page"), or null. */
  pageAnswer: string | null;
  /** The latest answer per question key the customer gave this shop (labels are read when sending). */
  answers: Record<string, string>;
};

const ORDER_TOPICS = ["orders/create", "orders/paid"];

/** Where the facts are read: the direct driver itself (one round trip on PostgreSQL) or a session. */
type Reader = Pick<SqlSession, "kind" | "query">;

/** The facts of a send still being dispatched; null when it is gone, settled or of no campaign. */
export async function readSendFacts(db: Reader, sendId: string): Promise<SendFacts | null> {
  const { p, values } = parameters(db.kind);
  // What surrounds the send is looked up with the send's own columns, in the same statement.
  const around = aroundTheSend(db.kind, p, sendColumns(db.kind));
  const [row] = await db.query(
    `SELECT s."id", s."shop", s."campaign", s."journeyId", s."customerId", s."email", s."step", s."state",
       j."id" AS "j_id", j."campaign" AS "j_campaign", j."customerId" AS "j_customerId",
       j."email" AS "j_email", j."state" AS "j_state", j."context" AS "j_context",
       j."enteredAt" AS "j_enteredAt",
       h."domain" AS "h_domain", h."name" AS "h_name", h."email" AS "h_email",
       h."address" AS "h_address", h."currency" AS "h_currency", h."timezone" AS "h_timezone",
       h."settings" AS "h_settings", h."uninstalledAt" AS "h_uninstalledAt",
       c."shop" AS "c_shop", c."enabled" AS "c_enabled", c."version" AS "c_version",
       c."settings" AS "c_settings",
       ${around.select}
     FROM "ScheduledSend" s
     LEFT JOIN "Journey" j ON j."id" = s."journeyId"
     LEFT JOIN "Shop" h ON h."domain" = s."shop"
     LEFT JOIN "CampaignConfig" c ON c."shop" = s."shop" AND c."kind" = s."campaign"
     ${around.join}
     WHERE s."id" = ${p(sendId)}`,
    values,
  );
  const campaignKind = textOf(row?.campaign);
  if (!row || row.state !== "dispatching" || !campaignKind || !isCampaignKind(campaignKind)) return null;
  const send = sendOf(row, campaignKind);
  const journey = journeyOf(db, row, send);
  const shop = shopFacts(send.shop, row.h_domain == null ? null : shopRowOf(db, row));
  const campaign = campaignFrom(
    campaignKind,
    row.c_shop == null
      ? null
      : {
          enabled: boolOf(row.c_enabled),
          version: intOf(row.c_version),
          settings: jsonOf(db.kind, row.c_settings),
        },
    shop.settings,
  );
  // Suppressions and customers are kept by normalized address, and so are sends (journey-state
  // writes them so); a send stored otherwise (before it did) is looked up again by its normalized one.
  const email = normalizeEmail(send.email) ?? null;
  const { customer, ...facts } = aroundOf(
    db.kind,
    email === send.email ? row : await aroundAlone(db, send, email, journey?.context.order?.id ?? null),
  );
  return {
    send,
    journey,
    shop,
    campaign,
    ...facts,
    suppression: email ? facts.suppression : null,
    consent: consentOf(customer, { acceptsMarketing: journey?.context.acceptsMarketing ?? false }),
  };
}

function sendOf(row: SqlRow, campaign: CampaignKind): SendFacts["send"] {
  return {
    id: requiredTextOf(row.id, "readSendFacts"),
    shop: requiredTextOf(row.shop, "readSendFacts"),
    campaign,
    journeyId: requiredTextOf(row.journeyId, "readSendFacts"),
    customerId: textOf(row.customerId),
    email: requiredTextOf(row.email, "readSendFacts"),
    step: requiredTextOf(row.step, "readSendFacts"),
  };
}

function journeyOf(db: Reader, row: SqlRow, send: SendRow): SendJourney | null {
  if (row.j_id == null) return null;
  return {
    id: requiredTextOf(row.j_id, "readSendFacts"),
    shop: send.shop,
    campaign: requiredTextOf(row.j_campaign, "readSendFacts"),
    customerId: textOf(row.j_customerId),
    email: requiredTextOf(row.j_email, "readSendFacts"),
    state: requiredTextOf(row.j_state, "readSendFacts"),
    enteredAt: requiredDateOf(row.j_enteredAt, "readSendFacts"),
    context: readContext(jsonOf(db.kind, row.j_context)),
  };
}

function shopRowOf(db: Reader, row: SqlRow) {
  return {
    name: textOf(row.h_name) ?? "",
    email: textOf(row.h_email),
    address: textOf(row.h_address),
    currency: textOf(row.h_currency) ?? "USD",
    timezone: textOf(row.h_timezone) ?? "UTC",
    settings: jsonOf(db.kind, row.h_settings),
    uninstalledAt: dateOf(row.h_uninstalledAt),
  };
}

/**
 * A column as an expression no index serves. SQLite has no planner statistics (the app never runs
 * ANALYZE), and without them it prefers the index that matches more equalities or saves a sort over
 * the one that finds the customer's few rows: the shop's order webhooks by (shop, source, topic), or
 * the shop's answers in time order by (shop, answeredAt) — a big shop's whole history for every send
 * (scripts/bench/big-shop.ts: 200,000 of each, ~105 ms a send). As an expression the column cannot
 * lead it there; PostgreSQL, which has statistics, plans these the same either way — while they are
 * current. They are not during a burst on fresh statistics: with no "sent" send when the table was
 * last analyzed, PostgreSQL read the frequency cap's last send through (state, runAt), every sent
 * send of every shop for each send (4.6 ms a send's facts at 10,000 sends, `bench:dispatch`
 * BENCH_FULL, decision 0017); with state as an expression it takes (shop, email, sentAt).
 */
const unindexed = (column: string) => `COALESCE("${column}", "${column}")`;

/** An order webhook of the customer's still waiting to be processed (`p` adds the topics). */
const pendingOrder = (p: (value: unknown) => string) =>
  `${unindexed("source")} = 'shopify' AND "topic" IN (${ORDER_TOPICS.map(p).join(", ")}) AND "state" = 'pending'`;

/** How the subqueries about the send name it: as SQL, written where it is used (SQLite binds by position). */
type SendRefs = Record<
  "shop" | "email" | "address" | "customerId" | "journeyId" | "sendId" | "orderId",
  () => string
>;

/** The send's own columns in readSendFacts' statement (the address as stored: normalized). */
const sendColumns = (kind: Reader["kind"]): SendRefs => ({
  shop: () => `s."shop"`,
  email: () => `s."email"`,
  address: () => `s."email"`,
  customerId: () => `s."customerId"`,
  journeyId: () => `s."journeyId"`,
  sendId: () => `s."id"`,
  orderId: () =>
    kind === "postgresql" ? `(j."context"->'order'->>'id')` : `json_extract(j."context", '$.order.id')`,
});

/**
 * Suppression, the frequency cap's last capped send, order events still being processed, the
 * journey's conversion, a page answer for its order, the customer's answers and the customer
 * mirror's consent, as subqueries and a join to add to a statement. The customer is found as
 * customers' findCustomer does: by Shopify id, else the latest by address.
 */
function aroundTheSend(kind: Reader["kind"], p: (value: unknown) => string, at: SendRefs) {
  const select = `(SELECT "reason" FROM "Suppression" WHERE "shop" = ${at.shop()} AND "email" = ${at.address()})
         AS "suppression",
       (SELECT "sentAt" FROM "ScheduledSend" WHERE "shop" = ${at.shop()} AND "email" = ${at.email()}
          AND ${unindexed("state")} = 'sent' AND "capped" = ${p(true)} AND "id" <> ${at.sendId()}
          ORDER BY "sentAt" DESC LIMIT 1) AS "lastCapped",
       (SELECT COUNT(*) FROM "Event" WHERE "shop" = ${at.shop()} AND "email" = ${at.email()}
          AND ${pendingOrder(p)})
       + (SELECT COUNT(*) FROM "Event" WHERE "shop" = ${at.shop()} AND "customerId" = ${at.customerId()}
          AND ("email" IS NULL OR "email" <> ${at.email()}) AND ${pendingOrder(p)}) AS "pendingOrders",
       (SELECT "orderId" FROM "Conversion" WHERE "shop" = ${at.shop()}
          AND "journeyId" = ${at.journeyId()} LIMIT 1) AS "convertedOrderId",
       (SELECT "source" FROM "Answer" WHERE "shop" = ${at.shop()} AND "orderId" = ${at.orderId()}
          AND "source" IN (${PAGE_SOURCES.map(p).join(", ")}) ORDER BY ${unindexed("answeredAt")} ASC LIMIT 1)
         AS "pageSource",
       (SELECT ${answerList(kind)} FROM "Answer" WHERE "shop" = ${at.shop()} AND "email" = ${at.email()})
         AS "answers",
       cu."shopifyId" AS "cu_shopifyId", cu."marketingState" AS "cu_marketingState",
       cu."ordersCount" AS "cu_ordersCount", cu."smsMarketingState" AS "cu_smsMarketingState",
       cu."phone" AS "cu_phone"`;
  // Two lookups, not one ordered by a match on the id: SQLite allows no outer column in the ORDER BY
  // of a subquery.
  const join = `LEFT JOIN "Customer" cu ON cu."id" = COALESCE(
       (SELECT "id" FROM "Customer" WHERE "shop" = ${at.shop()} AND "shopifyId" = ${at.customerId()}),
       (SELECT "id" FROM "Customer" WHERE "shop" = ${at.shop()} AND "email" = ${at.address()}
          ORDER BY "updatedAt" DESC LIMIT 1))`;
  return { select, join };
}

/** aroundTheSend on its own, about a send already read (its address normalized here). */
async function aroundAlone(db: Reader, send: SendRow, address: string | null, orderId: string | null) {
  const { p, values } = parameters(db.kind);
  const around = aroundTheSend(db.kind, p, {
    shop: () => p(send.shop),
    email: () => p(send.email),
    address: () => p(address),
    customerId: () => p(send.customerId),
    journeyId: () => p(send.journeyId),
    sendId: () => p(send.id),
    orderId: () => p(orderId),
  });
  const [row] = await db.query(
    `SELECT ${around.select} FROM (SELECT 1 AS "one") AS "base" ${around.join}`,
    values,
  );
  return row;
}

/** The facts aroundTheSend's columns give. */
function aroundOf(kind: Reader["kind"], row: SqlRow | undefined) {
  const pageSource = textOf(row?.pageSource);
  const customer: ConsentRow =
    row?.cu_shopifyId == null
      ? null
      : {
          marketingState: textOf(row.cu_marketingState),
          ordersCount: intOf(row.cu_ordersCount),
          smsMarketingState: textOf(row.cu_smsMarketingState),
          phone: textOf(row.cu_phone),
        };
  return {
    suppression: textOf(row?.suppression),
    lastCappedSendAt: dateOf(row?.lastCapped),
    pendingOrders: intOf(row?.pendingOrders),
    convertedOrderId: textOf(row?.convertedOrderId),
    pageAnswer: pageSource ? sourceLabel(pageSource) : null,
    answers: latestValues(answerRows(jsonOf(kind, row?.answers))),
    customer,
  };
}

/** The customer's answers to this shop as one JSON list of [questionKey, value], oldest first. */
const answerList = (kind: Reader["kind"]) =>
  kind === "postgresql"
    ? `json_agg(json_build_array("questionKey", "value") ORDER BY "answeredAt", "updatedAt")`
    : `json_group_array(json_array("questionKey", "value") ORDER BY "answeredAt", "updatedAt")`;

/** The list answerList makes (none: null on PostgreSQL, [] on SQLite). */
function answerRows(list: unknown) {
  if (list === null) return [];
  if (!Array.isArray(list)) throw new Error("readSendFacts: the answers are not a list");
  return list.map((pair: unknown) => {
    if (!Array.isArray(pair)) throw new Error("readSendFacts: an answer is not a pair");
    return {
      questionKey: requiredTextOf(pair[0], "readSendFacts"),
      value: requiredTextOf(pair[1], "readSendFacts"),
    };
  });
}
