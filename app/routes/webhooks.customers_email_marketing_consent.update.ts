import { shopifyWebhookAction } from "../intake/shopify-webhook.server";

export const action = shopifyWebhookAction("customers_email_marketing_consent/update");
