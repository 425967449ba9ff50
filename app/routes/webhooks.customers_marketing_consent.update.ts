import { postOnly } from "../lib/http.server";
import { shopifyWebhookAction } from "../intake/shopify-webhook.server";

export const loader = postOnly;
export const action = shopifyWebhookAction("customers_marketing_consent/update");
