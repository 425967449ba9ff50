// GDPR/CCPA: the three mandatory compliance webhooks, and erasing a person when their CRM contact
// is deleted. Every model is listed here by how it refers to a shop and to a customer;
// compliance.test.ts fails when a model is added without a decision.
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db.server";
import { typedHandler, type EventHandler } from "../events/event";
import { jobQueue } from "../jobs/jobs.server";
import { normalizeEmail } from "../lib/email-address";
import { textablePhone } from "../lib/phone";
import { customerRedactSchema, dataRequestSchema } from "../shopify/payloads";

export type CustomerRef = { customerId?: string; email?: string; orderIds?: string[] };

/** How each table relates to a shop and a customer. `none`: holds no customer data (why in the comment). */
export const MODEL_PRIVACY = {
  Session: { shop: "shop", customer: "none" }, // staff sessions, not customers
  Shop: { shop: "domain", customer: "none" },
  CampaignConfig: { shop: "shop", customer: "none" },
  Event: { shop: "shop", customer: "customerId+email" },
  Job: { shop: "payload.shop", customer: "payload.shopifyId" }, // ids only; purged with JobQueue.purge
  Customer: { shop: "shop", customer: "shopifyId+email" },
  Suppression: { shop: "shop", customer: "email" },
  Journey: { shop: "shop", customer: "customerId+email" },
  ScheduledSend: { shop: "shop", customer: "customerId+email" },
  Decision: { shop: "shop", customer: "customerId+email" },
  Message: { shop: "shop", customer: "toEmail" },
  Answer: { shop: "shop", customer: "customerId+email" },
  AnswerClick: { shop: "shop", customer: "email" },
  CrmConnection: { shop: "shop", customer: "none" },
  OAuthState: { shop: "shop", customer: "none" },
  CrmContact: { shop: "shop", customer: "email" },
  CrmWrite: { shop: "shop", customer: "email" },
  RateWindow: { shop: "none", customer: "none" }, // counters per HubSpot portal
  Conversion: { shop: "shop", customer: "none" }, // order id and amount; removed with its journey
  DataRequest: { shop: "shop", customer: "customerId+email" },
  ShopOrder: { shop: "shop", customer: "customerId+email" },
  PageAnswer: { shop: "shop", customer: "orderId+tokenCustomerId" }, // by the customer's orders
  FlowTriggerUse: { shop: "shop", customer: "none" }, // whether a workflow uses our trigger
  FlowActionRun: { shop: "shop", customer: "customerId" },
  SmsConnection: { shop: "shop", customer: "none" }, // the shop's Twilio account
  SmsMessage: { shop: "shop", customer: "customerId+email" }, // and toPhone
  SmsReply: { shop: "shop", customer: "customerId+email" }, // and fromPhone
} as const satisfies Record<Prisma.ModelName, { shop: string; customer: string }>;

/**
 * The shop's rows matching any of `branches`, the shop repeated in each: SQLite then reads each
 * branch by its own (shop, …) index (a MULTI-INDEX OR), where `shop AND (… OR …)` reads every row
 * of the shop. No branch matches nothing, as `shop AND (OR of nothing)` did.
 */
function inShop<T extends object>(shop: string, branches: T[]) {
  return { OR: branches.map((branch) => ({ shop, ...branch })) };
}

/** Rows whose `field` is one of `values` (none when there are none, so the branch is left out). */
const oneOf = <K extends string>(field: K, values: string[]) =>
  values.length ? [{ [field]: { in: values } } as { [F in K]: { in: string[] } }] : [];

/** Replies from the customer's phone numbers (as stored, and as texts are addressed). */
const phonesOf = (phones: string[]) =>
  oneOf("fromPhone", [...new Set([...phones, ...phones.map(textablePhone)])]);

/** The customer's keys, as conditions on a row's customerId and email (none: nothing to look for). */
const byCustomer = (ref: CustomerRef) => {
  const keys = [
    ...(ref.customerId ? [{ customerId: ref.customerId }] : []),
    ...(ref.email ? [{ email: ref.email }] : []),
  ];
  return keys.length ? keys : undefined;
};

/** The customer's keys as a Customer row holds them. */
const customerRows = (ref: CustomerRef) => [
  ...(ref.customerId ? [{ shopifyId: ref.customerId }] : []),
  ...(ref.email ? [{ email: ref.email }] : []),
];

/** Everything Replyloop holds about one customer of one shop. */
export async function collectCustomerData(tx: Tx, shop: string, ref: CustomerRef) {
  const who = byCustomer(ref);
  if (!who) return { customer: ref, found: false };
  const [customers, events, journeys, sends, decisions, answers, suppressions, crmWrites] = await Promise.all(
    [
      tx.customer.findMany({ where: inShop(shop, customerRows(ref)) }),
      tx.event.findMany({
        where: inShop(shop, who),
        select: { source: true, topic: true, receivedAt: true, payload: true },
      }),
      tx.journey.findMany({ where: inShop(shop, who) }),
      tx.scheduledSend.findMany({ where: inShop(shop, who) }),
      tx.decision.findMany({ where: inShop(shop, who) }),
      tx.answer.findMany({ where: inShop(shop, who) }),
      ref.email ? tx.suppression.findMany({ where: { shop, email: ref.email } }) : [],
      ref.email ? tx.crmWrite.findMany({ where: { shop, email: ref.email } }) : [],
    ],
  );
  const messages = ref.email
    ? await tx.message.findMany({
        where: { shop, toEmail: ref.email },
        select: { id: true, campaign: true, step: true, subject: true, status: true, createdAt: true },
      })
    : [];
  const clicks = ref.email ? await tx.answerClick.findMany({ where: { shop, email: ref.email } }) : [];
  const orders = await tx.shopOrder.findMany({ where: inShop(shop, who) });
  const pageAnswers = await tx.pageAnswer.findMany({ where: inShop(shop, pageAnswersOf(ref, orders)) });
  const phones = customers.flatMap((c) => (c.phone ? [c.phone] : []));
  const [texts, textReplies] = await Promise.all([
    tx.smsMessage.findMany({
      where: inShop(shop, who),
      select: {
        id: true,
        campaign: true,
        step: true,
        toPhone: true,
        body: true,
        status: true,
        createdAt: true,
      },
    }),
    tx.smsReply.findMany({ where: inShop(shop, [...who, ...phonesOf(phones)]) }),
  ]);
  return {
    customer: ref,
    found: true,
    customers,
    events,
    journeys,
    scheduledSends: sends,
    decisions,
    messages,
    answers,
    answerClicks: clicks,
    texts,
    textReplies,
    suppressions,
    crmWrites,
    orders,
    pageAnswers,
  };
}

/** Page answers of a customer: those of their orders, and those their session token named them in. */
function pageAnswersOf(ref: CustomerRef, orders: { orderId: string }[]) {
  const orderIds = [...new Set([...orders.map((o) => o.orderId), ...(ref.orderIds ?? [])])];
  return [...oneOf("orderId", orderIds), ...(ref.customerId ? [{ tokenCustomerId: ref.customerId }] : [])];
}

/** customers/data_request: assemble the export and keep it for the merchant to hand over. */
export async function handleDataRequest(tx: Tx, shop: string, ref: CustomerRef) {
  const data = await collectCustomerData(tx, shop, ref);
  await tx.dataRequest.create({
    data: {
      shop,
      kind: "data_request",
      customerId: ref.customerId ?? null,
      email: ref.email ?? null,
      export: JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue,
    },
  });
}

/** customers/redact: delete that customer's personal data everywhere. Records the request without identifiers. */
export async function redactCustomer(tx: Tx, shop: string, ref: CustomerRef) {
  const who = byCustomer(ref);
  if (!who) return;
  const journeys = await tx.journey.findMany({ where: inShop(shop, who), select: { id: true } });
  const journeyIds = journeys.map((j) => j.id);
  const messages = ref.email
    ? await tx.message.findMany({ where: { shop, toEmail: ref.email }, select: { id: true } })
    : [];
  const messageIds = messages.map((m) => m.id);

  // The shop's own journeys and messages (read above), and the rows about them, by those ids alone:
  // with the shop beside `id IN` (`journeyId IN`, `messageId IN`) SQLite reads every row of the
  // shop. The rows of a journey (a message) are its shop's.
  const ofJourneys = oneOf("journeyId", journeyIds);
  const ofMessages = oneOf("messageId", messageIds);
  const customersInShop = inShop(shop, who).OR;
  await tx.conversion.deleteMany({ where: { journeyId: { in: journeyIds } } });
  await tx.scheduledSend.deleteMany({ where: { OR: [...ofJourneys, ...customersInShop] } });
  await tx.decision.deleteMany({ where: { OR: [...ofJourneys, ...customersInShop] } });
  await tx.journey.deleteMany({ where: { id: { in: journeyIds } } });
  await tx.answer.deleteMany({ where: { OR: [...ofMessages, ...customersInShop] } });
  await tx.answerClick.deleteMany({
    where: { OR: [...ofMessages, ...inShop(shop, ref.email ? [{ email: ref.email }] : []).OR] },
  });
  await tx.message.deleteMany({ where: { id: { in: messageIds } } });
  const orders = await tx.shopOrder.findMany({ where: inShop(shop, who), select: { orderId: true } });
  await tx.pageAnswer.deleteMany({ where: inShop(shop, pageAnswersOf(ref, orders)) });
  await tx.shopOrder.deleteMany({ where: inShop(shop, who) });
  if (ref.customerId) await tx.flowActionRun.deleteMany({ where: { shop, customerId: ref.customerId } });
  const phones = (
    await tx.customer.findMany({ where: inShop(shop, customerRows(ref)), select: { phone: true } })
  ).flatMap((c) => (c.phone ? [c.phone] : []));
  await tx.smsReply.deleteMany({ where: inShop(shop, [...who, ...phonesOf(phones)]) });
  await tx.smsMessage.deleteMany({ where: inShop(shop, who) });
  await tx.event.deleteMany({ where: inShop(shop, who) });
  await tx.dataRequest.deleteMany({ where: inShop(shop, who) });
  await tx.customer.deleteMany({ where: inShop(shop, customerRows(ref)) });
  if (ref.email) {
    await tx.suppression.deleteMany({ where: { shop, email: ref.email } });
    await tx.crmWrite.deleteMany({ where: { shop, email: ref.email } });
    await tx.crmContact.deleteMany({ where: { shop, email: ref.email } });
  }
  if (ref.customerId) await jobQueue.purge(tx, { shop, shopifyId: ref.customerId });
  await tx.dataRequest.create({ data: { shop, kind: "customer_redact" } });
}

/** shop/redact (48 hours after uninstall): nothing of the shop remains. */
export async function redactShop(tx: Tx, shop: string) {
  await tx.session.deleteMany({ where: { shop } });
  await tx.campaignConfig.deleteMany({ where: { shop } });
  await tx.event.deleteMany({ where: { shop } });
  await tx.customer.deleteMany({ where: { shop } });
  await tx.suppression.deleteMany({ where: { shop } });
  await tx.journey.deleteMany({ where: { shop } });
  await tx.scheduledSend.deleteMany({ where: { shop } });
  await tx.decision.deleteMany({ where: { shop } });
  await tx.message.deleteMany({ where: { shop } });
  await tx.answer.deleteMany({ where: { shop } });
  await tx.answerClick.deleteMany({ where: { shop } });
  await tx.smsMessage.deleteMany({ where: { shop } });
  await tx.smsReply.deleteMany({ where: { shop } });
  await tx.smsConnection.deleteMany({ where: { shop } });
  await tx.crmConnection.deleteMany({ where: { shop } });
  await tx.oAuthState.deleteMany({ where: { shop } });
  await tx.crmWrite.deleteMany({ where: { shop } });
  await tx.crmContact.deleteMany({ where: { shop } });
  await tx.conversion.deleteMany({ where: { shop } });
  await tx.dataRequest.deleteMany({ where: { shop } });
  await tx.shopOrder.deleteMany({ where: { shop } });
  await tx.pageAnswer.deleteMany({ where: { shop } });
  await tx.flowTriggerUse.deleteMany({ where: { shop } });
  await tx.flowActionRun.deleteMany({ where: { shop } });
  await tx.shop.deleteMany({ where: { domain: shop } });
  await jobQueue.purge(tx, { shop });
}

/** customers/data_request. */
export const onDataRequest = typedHandler(dataRequestSchema, (tx, p, event) =>
  handleDataRequest(tx, event.shop, { customerId: p.customer.id, email: normalizeEmail(p.customer.email) }),
);

/** customers/redact. */
export const onCustomerRedact = typedHandler(customerRedactSchema, (tx, p, event) =>
  redactCustomer(tx, event.shop, {
    customerId: p.customer.id,
    email: normalizeEmail(p.customer.email),
    orderIds: p.orders_to_redact,
  }),
);

/** shop/redact. */
export const onShopRedact: EventHandler = (tx, event) => redactShop(tx, event.shop);
