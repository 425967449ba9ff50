// The edge for every Shopify webhook: HMAC (the Shopify library's rules, webhook-verifier.server.ts),
// JSON, the topic's schema, then the event log (stored once, its processing job in the same
// transaction). Answers: 401 bad signature · 400 malformed · 200 stored, duplicate or ignored.
// (405 and 413 are answered before a source sees the delivery: ./http.server.ts.)
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { isJsonObject, parseJsonLosslessText, type JsonValue } from "../lib/json";
import { log } from "../lib/log.server";
import { SHOPIFY_PAYLOADS } from "../shopify/payloads";
import { isShopifyTopic, topicKey, type ShopifyTopic } from "../shopify/topics";
import { sanitizeShop, verifyShopifyWebhook } from "../shopify/webhook-verifier.server";
import { markUninstalled } from "../shops/lifecycle.server";
import { OK, answer, type Delivery, type IntakeAnswer, type WebhookSource } from "./delivery";
import { writeEvent, type IncomingEvent } from "./event-writer.server";

/** The source for deliveries to `topic`'s route; deliveries of another topic there are stored as ignored. */
export function shopifyWebhook(topic: ShopifyTopic | null): WebhookSource {
  return async (delivery: Delivery): Promise<IntakeAnswer> => {
    const check = verifyShopifyWebhook(delivery.body, delivery.header);
    if (!check.valid) {
      // A missing or wrong HMAC is an authentication failure; missing routing headers are malformed.
      const unsigned = check.reason === "invalid_hmac" || !delivery.header("x-shopify-hmac-sha256");
      return unsigned ? answer(401, "Unauthorized") : answer(400, "Missing webhook headers");
    }
    const deliveryId = check.webhookId;
    const shop = sanitizeShop(check.domain);
    if (!shop) return rejected(400, "invalid shop domain", deliveryId);

    let payload: JsonValue;
    let payloadText: string;
    try {
      ({ value: payload, text: payloadText } = parseJsonLosslessText(delivery.body));
    } catch {
      return rejected(400, "malformed JSON", deliveryId);
    }
    const headerTopic = delivery.header("x-shopify-topic") ?? "";
    const known =
      isShopifyTopic(headerTopic) && (topic === null || topicKey(topic) === check.topic) ? headerTopic : null;
    if (!isJsonObject(payload)) return rejected(400, "payload is not a JSON object", deliveryId);
    const inspection = known ? SHOPIFY_PAYLOADS[known].inspect(payload) : { ok: true as const, identity: {} };
    if (!inspection.ok) return rejected(400, `${known} payload invalid: ${inspection.message}`, deliveryId);

    const event: IncomingEvent = {
      shop,
      source: "shopify",
      topic: headerTopic.slice(0, 100) || "unknown",
      dedupeKey: ("eventId" in check ? check.eventId : undefined) ?? deliveryId,
      webhookId: deliveryId,
      triggeredAt: validDate(check.triggeredAt),
      payload,
      payloadText,
      ...inspection.identity,
      state: known ? "pending" : "ignored",
    };
    // app/uninstalled: the shop's sessions go at once, before the event is stored (both idempotent:
    // if storing fails, Shopify's retry does both again); the rest happens in the event's job.
    if (known === "app/uninstalled")
      await db.$transaction((tx) => markUninstalled(tx, event.shop, appClock.now()));
    await writeEvent(event);
    return OK;
  };
}

function rejected(status: number, reason: string, deliveryId: string) {
  log.warn("shopify webhook rejected", { status, reason, deliveryId });
  return answer(status, reason);
}

function validDate(value: string | undefined) {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
