import { sendgridWebhookAction } from "../intake/sendgrid-webhook.server";

export const action = sendgridWebhookAction;
