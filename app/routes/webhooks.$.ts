import { postOnly } from "../lib/http.server";
import { shopifyWebhookAction } from "../intake/shopify-webhook.server";

// Any other /webhooks/… path: verified like the rest, stored as ignored unless its topic is ours.
export const loader = postOnly;
export const action = shopifyWebhookAction(null);
