import { hubspotWebhookAction } from "../intake/hubspot-webhook.server";

export const action = hubspotWebhookAction;
