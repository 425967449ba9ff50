// The "Replyloop answer received" Flow trigger. Shopify Flow tells us, through the trigger lifecycle
// callback, whether a shop has an enabled workflow that starts with it (the newest callback wins);
// only then does a confirmed answer (email, Thank-you or Order status page) enqueue a job that calls
// flowTriggerReceive — within a per-shop rate, waiting out THROTTLED (the Admin client) and retrying
// transient faults (the job queue). A payload Flow refuses is logged and put on the customer's
// timeline, never retried in vain.
import { z } from "zod";
import { recordDecision } from "../campaigns/decisions.server";
import { tryAcquire } from "../crm/hubspot/rate-limiter.server";
import db, { type Tx } from "../db.server";
import { enqueue } from "../jobs/jobs.server";
import type { Clock } from "../lib/clock";
import { log } from "../lib/log.server";
import { ShopifyAdminError, type ShopifyAdmin } from "../shopify/admin.server";
import {
  ANSWER_TRIGGER_HANDLE,
  FLOW_PAYLOAD_LIMIT_BYTES,
  answerTriggerPayload,
  payloadBytes,
} from "./answer-payload";
import { fireAnswerTriggerJob } from "./jobs";

/**
 * Trigger calls per shop per rolling 10 s. flowTriggerReceive costs 10 points of the Admin API's
 * bucket, which refills 100 points a second on standard plans: 40 per 10 s leaves most of it to the
 * app's other calls. A burst waits (the job is deferred), it is not dropped.
 */
export const FLOW_TRIGGERS_PER_10S = 40;
const rateKey = (shop: string) => `shopify-flow:${shop}`;

/** The body of a trigger lifecycle callback (shopify.dev, "Track Flow lifecycle events"). */
export const lifecycleCallbackSchema = z.object({
  flow_trigger_definition_id: z.string().min(1).max(200),
  has_enabled_flow: z.boolean(),
  shop_id: z.union([z.number(), z.string()]),
  shopify_domain: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
});

export type LifecycleCallback = {
  shop: string;
  definitionId: string;
  enabled: boolean;
  /** The callback's `timestamp`: an older one than what we hold changes nothing. */
  at: Date;
};

/** A trigger lifecycle callback: whether the shop uses the trigger, as of `at`. */
export async function recordTriggerUse(tx: Tx, callback: LifecycleCallback) {
  const key = { shop_definitionId: { shop: callback.shop, definitionId: callback.definitionId } };
  const current = await tx.flowTriggerUse.findUnique({ where: key });
  if (current && current.callbackAt > callback.at) return { changed: false };
  await tx.flowTriggerUse.upsert({
    where: key,
    create: {
      shop: callback.shop,
      definitionId: callback.definitionId,
      enabled: callback.enabled,
      callbackAt: callback.at,
    },
    update: { enabled: callback.enabled, callbackAt: callback.at },
  });
  return { changed: true };
}

/**
 * Whether a workflow of the shop starts with the trigger. The app has one trigger, so any enabled
 * definition counts (Flow names it by `flow_trigger_definition_id`, whose form it does not document).
 */
export async function triggerInUse(tx: Tx, shop: string) {
  return (await tx.flowTriggerUse.count({ where: { shop, enabled: true } })) > 0;
}

/** A confirmed answer: the trigger fires for it, from a job, if a workflow of the shop uses it. */
export async function queueAnswerReceived(tx: Tx, answer: { shop: string; answerId: string; at: Date }) {
  if (!(await triggerInUse(tx, answer.shop))) return;
  await enqueue(
    tx,
    fireAnswerTriggerJob,
    { shop: answer.shop, answerId: answer.answerId, deferrals: 0 },
    { idempotencyKey: `flow.answer-received:${answer.answerId}:${answer.at.getTime()}` },
  );
}

export type FireDeps = { admin: ShopifyAdmin; clock: Clock };

/** The code of fireAnswerTriggerJob. */
export async function fireAnswerReceived(
  job: { shop: string; answerId: string; deferrals: number },
  deps: FireDeps,
) {
  const answer = await db.answer.findFirst({ where: { id: job.answerId, shop: job.shop } });
  // Erased since (GDPR), or the workflow was turned off: nothing to tell Flow.
  if (!answer || !(await triggerInUse(db, job.shop))) return;

  const slot = await tryAcquire(db, rateKey(job.shop), { limit: FLOW_TRIGGERS_PER_10S });
  if (!slot.granted) {
    await db.$transaction((tx) =>
      enqueue(
        tx,
        fireAnswerTriggerJob,
        { ...job, deferrals: job.deferrals + 1 },
        {
          runAt: new Date(Date.now() + slot.retryInMs),
          idempotencyKey: `flow.answer-received:${job.answerId}:${answer.answeredAt.getTime()}:${job.deferrals + 1}`,
        },
      ),
    );
    return;
  }

  const payload = answerTriggerPayload(answer);
  const bytes = payloadBytes(payload);
  if (bytes > FLOW_PAYLOAD_LIMIT_BYTES)
    return refused(
      answer,
      `the payload is ${bytes} bytes, over Flow's limit of ${FLOW_PAYLOAD_LIMIT_BYTES}`,
      deps,
    );
  try {
    await deps.admin.flowTriggerReceive(job.shop, ANSWER_TRIGGER_HANDLE, payload);
  } catch (error) {
    if (error instanceof ShopifyAdminError && !error.retryable) return refused(answer, error.message, deps);
    throw error;
  }
}

async function refused(
  answer: { id: string; shop: string; campaign: string; customerId: string | null; email: string },
  why: string,
  deps: FireDeps,
) {
  log.warn("Shopify Flow refused the answer trigger", { shop: answer.shop, answerId: answer.id, why });
  await recordDecision(db, {
    shop: answer.shop,
    campaign: answer.campaign,
    customerId: answer.customerId,
    email: answer.email,
    kind: "failed",
    reason: `Shopify Flow trigger "Replyloop answer received" not fired: ${why}`,
    detail: { answerId: answer.id },
    at: deps.clock.now(),
  });
}
