import { shopifyWebhookAction } from "../intake/shopify-webhook.server";

export const action = shopifyWebhookAction("checkouts/create");
