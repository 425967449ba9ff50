// The "Replyloop answer received" Flow trigger (extensions/flow-answer-received): its handle and the
// payload of one confirmed answer, keyed as the trigger's fields are (`customer_id` / `order_id`
// for the references, the custom fields by their `key`). Pure.

/** The trigger's handle in extensions/flow-answer-received/shopify.extension.toml. */
export const ANSWER_TRIGGER_HANDLE = "replyloop-answer-received";

/**
 * Flow refuses a trigger payload over 50,000 bytes of JSON ("Properties size exceeds the limit of
 * 50000 bytes", captured from the Admin API 2026-04). Ours is a few hundred bytes; the check makes
 * sure a long custom answer can never be sent to be refused.
 */
export const FLOW_PAYLOAD_LIMIT_BYTES = 50_000;

export type AnswerForTrigger = {
  customerId: string | null;
  orderId: string | null;
  questionKey: string;
  value: string;
  campaign: string;
};

export type TriggerPayload = Record<string, string | number>;

/**
 * A Shopify id as Flow's reference fields take it: a number — or, past what a JSON number carries
 * exactly (2^53; Shopify's sample payloads use such ids), the digits as a string, never a rounded id.
 */
const referenceId = (id: string) => (Number.isSafeInteger(Number(id)) ? Number(id) : id);

export function answerTriggerPayload(answer: AnswerForTrigger): TriggerPayload {
  const score = Number(answer.value);
  return {
    ...(answer.customerId ? { customer_id: referenceId(answer.customerId) } : {}),
    ...(answer.orderId ? { order_id: referenceId(answer.orderId) } : {}),
    "Question key": answer.questionKey,
    "Answer value": answer.value,
    ...(answer.questionKey === "nps" && Number.isFinite(score) ? { "NPS score": score } : {}),
    Campaign: answer.campaign,
  };
}

export const payloadBytes = (payload: TriggerPayload) => Buffer.byteLength(JSON.stringify(payload), "utf8");
