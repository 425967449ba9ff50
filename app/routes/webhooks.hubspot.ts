import { postOnly } from "../lib/http.server";
import { hubspotWebhookAction } from "../intake/hubspot-webhook.server";

export const loader = postOnly;
export const action = hubspotWebhookAction;
