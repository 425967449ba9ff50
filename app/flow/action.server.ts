// The "Send a Replyloop survey" Flow action (extensions/flow-send-survey). Flow POSTs each run to
// its runtime URL, signed (the route verifies it with authenticate.flow); we answer at once — a
// run is recorded once by its action_run_id, so Flow's retries and replays change nothing — and do
// the work in a job: the customer enters the chosen campaign's journey for their latest order
// through the campaigns engine (enterOnRequest), where consent, suppression, re-entry and then the
// frequency cap and quiet hours apply, each skip or postponement on the customer's timeline.
import { z } from "zod";
import { recordDecision } from "../campaigns/decisions.server";
import { enterOnRequest } from "../campaigns/entry.server";
import { loadCampaign } from "../campaigns/config.server";
import { isCampaignKind, type CampaignKind } from "../campaigns/kinds";
import { findCustomer, upsertCustomer } from "../customers/customers.server";
import { latestOrderOf } from "../customers/orders.server";
import db, { type Db } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import type { Clock } from "../lib/clock";
import { isUniqueViolation } from "../lib/prisma-errors";
import type { ShopifyAdmin } from "../shopify/admin.server";
import { customerGid, shopifyId } from "../shopify/ids";
import { sendSurveyJob } from "./jobs";

/** The action's handle in extensions/flow-send-survey/shopify.extension.toml. */
export const SEND_SURVEY_HANDLE = "send-replyloop-survey";

/** The body Flow sends to the runtime URL (shopify.dev, "Flow action endpoints"). */
export const actionRunSchema = z.object({
  shopify_domain: z.string().min(1),
  action_run_id: z.string().min(1).max(200),
  handle: z.string().optional(),
  properties: z.object({
    customer_id: shopifyId,
    survey: z.string().trim().min(1).max(60),
  }),
});
export type ActionRun = z.output<typeof actionRunSchema>;

export type ActionOutcome = { status: 200; replayed: boolean } | { status: 400; message: string };

/** The campaigns a workflow may ask for: those whose definition can be started on request. */
async function requestableSurvey(database: Db, shop: string, survey: string): Promise<CampaignKind | null> {
  if (!isCampaignKind(survey)) return null;
  const campaign = await loadCampaign(database, shop, survey);
  return campaign.definition.trigger.onDemand ? survey : null;
}

/** One verified run of the action: recorded once, carried out by sendSurveyJob. */
export async function acceptSendSurvey(shop: string, body: unknown, now: Date): Promise<ActionOutcome> {
  const parsed = actionRunSchema.safeParse(body);
  if (!parsed.success)
    return { status: 400, message: `not a "Send a Replyloop survey" run: ${z.prettifyError(parsed.error)}` };
  const run = parsed.data;
  if (run.handle !== undefined && run.handle !== SEND_SURVEY_HANDLE)
    return { status: 400, message: `unknown action ${run.handle}` };
  const survey = await requestableSurvey(db, shop, run.properties.survey);
  if (!survey)
    return {
      status: 400,
      message: `unknown survey "${run.properties.survey}": Replyloop sends the post_purchase survey`,
    };
  try {
    await db.$transaction(async (tx) => {
      await tx.flowActionRun.create({
        data: {
          shop,
          actionRunId: run.action_run_id,
          customerId: run.properties.customer_id,
          survey,
          receivedAt: now,
        },
      });
      await enqueue(
        tx,
        sendSurveyJob,
        { shop, actionRunId: run.action_run_id },
        { idempotencyKey: `flow.send-survey:${run.action_run_id}` },
      );
    });
  } catch (error) {
    // The same run again (Flow retries, or a replay): it is recorded already and runs once.
    if (isUniqueViolation(error)) return { status: 200, replayed: true };
    throw error;
  }
  return { status: 200, replayed: false };
}

export type SendSurveyDeps = { admin: ShopifyAdmin; clock: Clock };

/** The code of sendSurveyJob: the customer enters the survey's journey for their latest order. */
export async function runSendSurvey(job: { shop: string; actionRunId: string }, deps: SendSurveyDeps) {
  const run = await db.flowActionRun.findUnique({ where: { actionRunId: job.actionRunId } });
  if (!run || run.shop !== job.shop || !isCampaignKind(run.survey)) return;
  let customer = await findCustomer(db, job.shop, { shopifyId: run.customerId });
  if (!customer?.email) {
    // Not in the mirror yet (no webhook about them so far): ask Shopify.
    const summary = await deps.admin.customerSummary(job.shop, customerGid(run.customerId));
    if (summary)
      customer = await db.$transaction((tx) =>
        upsertCustomer(tx, job.shop, run.customerId, {
          ...(summary.email ? { email: summary.email } : {}),
          ...(summary.marketingState ? { marketingState: summary.marketingState } : {}),
          ordersCount: summary.numberOfOrders,
          tags: summary.tags,
        }),
      );
  }
  const survey = run.survey;
  const now = deps.clock.now();
  await db.$transaction(async (tx) => {
    const email = customer?.email ?? null;
    const order = await latestOrderOf(tx, job.shop, { customerId: run.customerId, email });
    if (!email || !order) {
      await recordDecision(tx, {
        shop: job.shop,
        campaign: survey,
        customerId: run.customerId,
        email,
        kind: "skipped",
        reason: !email
          ? "Shopify Flow asked for a survey: the customer has no email address"
          : "Shopify Flow asked for a survey: no order of this customer has reached Replyloop (the survey asks about an order)",
        detail: { actionRunId: run.actionRunId },
        at: now,
      });
      return;
    }
    await enterOnRequest(
      tx,
      job.shop,
      survey,
      {
        type: "survey_requested",
        requestedBy: "Shopify Flow",
        person: {
          customerId: run.customerId,
          email,
          firstName: customer?.firstName ?? null,
          lastName: customer?.lastName ?? null,
          // Consent is the customer's own, from the mirror: a workflow cannot give it.
          acceptsMarketing: false,
        },
        order: {
          id: order.orderId,
          name: order.name,
          checkoutToken: null,
          lineItems: [],
          totalCents: order.totalCents,
          currency: order.currency,
        },
      },
      now,
    );
  });
}
