// The edge for every Shopify webhook: size limit, HMAC (the Shopify library's verification), JSON,
// the topic's schema, then one transaction that stores the event and enqueues its processing.
// Answers: 413 too large · 401 bad signature · 400 malformed · 200 stored, duplicate or ignored.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { plain, readBodyWithLimit } from "../lib/http.server";
import { appClock } from "../lib/app-clock.server";
import { isJsonObject, parseJsonLossless, type JsonValue } from "../lib/json";
import { log } from "../lib/log.server";
import { sanitizeShop, validateShopifyWebhook } from "../shopify/webhook-verifier.server";
import { markUninstalled } from "../shops/lifecycle.server";
import { isUniqueViolation } from "../lib/prisma-errors";
import { recordEvent, type IncomingEvent } from "./event-log.server";
import { writeEvent } from "./event-writer.server";
import { SHOPIFY_PAYLOADS } from "../shopify/payloads";
import { isShopifyTopic, topicKey, type ShopifyTopic } from "../shopify/topics";

const ok = () => plain(200, "ok");

/** The route action for `topic`. Deliveries of another topic to this route are stored as ignored. */
export function shopifyWebhookAction(topic: ShopifyTopic | null) {
  return async ({ request }: ActionFunctionArgs) => {
    if (request.method !== "POST") return plain(405, "Method not allowed", { Allow: "POST" });
    const body = await readBodyWithLimit(request);
    if (!body.ok) return body.response;

    const check = await validateShopifyWebhook(body.text, request);
    if (!check.valid) {
      // A missing or wrong HMAC is an authentication failure; missing routing headers are malformed.
      const unsigned = check.reason === "invalid_hmac" || !request.headers.get("x-shopify-hmac-sha256");
      return unsigned ? plain(401, "Unauthorized") : plain(400, "Missing webhook headers");
    }
    const deliveryId = check.webhookId;
    const shop = sanitizeShop(check.domain);
    if (!shop) return rejected(400, "invalid shop domain", deliveryId);

    let payload: JsonValue;
    try {
      payload = parseJsonLossless(body.text);
    } catch {
      return rejected(400, "malformed JSON", deliveryId);
    }
    const headerTopic = request.headers.get("x-shopify-topic") ?? "";
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
      ...inspection.identity,
      state: known ? "pending" : "ignored",
    };
    if (known === "app/uninstalled") {
      // Sessions go at once (in the same transaction as the event); the rest happens in its job.
      await recordWithUninstall(event);
    } else {
      await writeEvent(event);
    }
    return ok();
  };
}

async function recordWithUninstall(event: IncomingEvent) {
  try {
    await db.$transaction(async (tx) => {
      await markUninstalled(tx, event.shop, appClock.now());
      await recordEvent(tx, event);
    });
  } catch (error) {
    // A concurrent copy of the same delivery won the insert: it is stored once.
    if (!isUniqueViolation(error)) throw error;
  }
}

function rejected(status: number, reason: string, deliveryId: string) {
  log.warn("shopify webhook rejected", { status, reason, deliveryId });
  return plain(status, reason);
}

function validDate(value: string | undefined) {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
