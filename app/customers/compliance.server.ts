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

function either<T extends object>(clauses: (T | false)[]): { OR: T[] } | undefined {
  const real = clauses.filter((c): c is T => c !== false);
  return real.length ? { OR: real } : undefined;
}

/** Replies from the customer's phone numbers (as stored, and as texts are addressed). */
const phonesOf = (phones: string[]) =>
  phones.length ? [{ fromPhone: { in: [...new Set([...phones, ...phones.map(textablePhone)])] } }] : [];

const byCustomer = (ref: CustomerRef) =>
  either<{ customerId?: string; email?: string }>([
    !!ref.customerId && { customerId: ref.customerId },
    !!ref.email && { email: ref.email },
  ]);

/** Everything Replyloop holds about one customer of one shop. */
export async function collectCustomerData(tx: Tx, shop: string, ref: CustomerRef) {
  const who = byCustomer(ref);
  if (!who) return { customer: ref, found: false };
  const email = ref.email ? [{ email: ref.email }] : [];
  const [customers, events, journeys, sends, decisions, answers, suppressions, crmWrites] = await Promise.all(
    [
      tx.customer.findMany({
        where: { shop, OR: [...(ref.customerId ? [{ shopifyId: ref.customerId }] : []), ...email] },
      }),
      tx.event.findMany({
        where: { shop, ...who },
        select: { source: true, topic: true, receivedAt: true, payload: true },
      }),
      tx.journey.findMany({ where: { shop, ...who } }),
      tx.scheduledSend.findMany({ where: { shop, ...who } }),
      tx.decision.findMany({ where: { shop, ...who } }),
      tx.answer.findMany({ where: { shop, ...who } }),
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
  const orders = await tx.shopOrder.findMany({ where: { shop, ...who } });
  const pageAnswers = await tx.pageAnswer.findMany({ where: { shop, ...pageAnswersOf(ref, orders) } });
  const phones = customers.flatMap((c) => (c.phone ? [c.phone] : []));
  const [texts, textReplies] = await Promise.all([
    tx.smsMessage.findMany({
      where: { shop, ...who },
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
    tx.smsReply.findMany({ where: { shop, OR: [...who.OR, ...phonesOf(phones)] } }),
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
  return {
    OR: [{ orderId: { in: orderIds } }, ...(ref.customerId ? [{ tokenCustomerId: ref.customerId }] : [])],
  };
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
  const journeys = await tx.journey.findMany({ where: { shop, ...who }, select: { id: true } });
  const journeyIds = journeys.map((j) => j.id);
  const messages = ref.email
    ? await tx.message.findMany({ where: { shop, toEmail: ref.email }, select: { id: true } })
    : [];
  const messageIds = messages.map((m) => m.id);

  await tx.conversion.deleteMany({ where: { shop, journeyId: { in: journeyIds } } });
  await tx.scheduledSend.deleteMany({ where: { shop, OR: [{ journeyId: { in: journeyIds } }, ...who.OR] } });
  await tx.decision.deleteMany({ where: { shop, OR: [{ journeyId: { in: journeyIds } }, ...who.OR] } });
  await tx.journey.deleteMany({ where: { shop, id: { in: journeyIds } } });
  await tx.answer.deleteMany({ where: { shop, OR: [{ messageId: { in: messageIds } }, ...who.OR] } });
  await tx.answerClick.deleteMany({
    where: { shop, OR: [{ messageId: { in: messageIds } }, ...(ref.email ? [{ email: ref.email }] : [])] },
  });
  await tx.message.deleteMany({ where: { shop, id: { in: messageIds } } });
  const orders = await tx.shopOrder.findMany({ where: { shop, ...who }, select: { orderId: true } });
  await tx.pageAnswer.deleteMany({ where: { shop, ...pageAnswersOf(ref, orders) } });
  await tx.shopOrder.deleteMany({ where: { shop, ...who } });
  if (ref.customerId) await tx.flowActionRun.deleteMany({ where: { shop, customerId: ref.customerId } });
  const phones = (
    await tx.customer.findMany({
      where: {
        shop,
        OR: [
          ...(ref.customerId ? [{ shopifyId: ref.customerId }] : []),
          ...(ref.email ? [{ email: ref.email }] : []),
        ],
      },
      select: { phone: true },
    })
  ).flatMap((c) => (c.phone ? [c.phone] : []));
  await tx.smsReply.deleteMany({ where: { shop, OR: [...who.OR, ...phonesOf(phones)] } });
  await tx.smsMessage.deleteMany({ where: { shop, ...who } });
  await tx.event.deleteMany({ where: { shop, ...who } });
  await tx.dataRequest.deleteMany({ where: { shop, ...who } });
  await tx.customer.deleteMany({
    where: {
      shop,
      OR: [
        ...(ref.customerId ? [{ shopifyId: ref.customerId }] : []),
        ...(ref.email ? [{ email: ref.email }] : []),
      ],
    },
  });
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
