import { postOnly } from "../lib/http.server";
import { sendgridWebhookAction } from "../intake/sendgrid-webhook.server";

export const loader = postOnly;
export const action = sendgridWebhookAction;
