import { postOnly } from "../lib/http.server";
import { twilioWebhookAction } from "../intake/twilio-webhook.server";

export const loader = postOnly;
export const action = twilioWebhookAction("status");
