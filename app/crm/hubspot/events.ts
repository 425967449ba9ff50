// HubSpot webhook events: the subscription types the HubSpot project subscribes to
// (hubspot/src/app/webhooks/webhooks-hsmeta.json) and the schema of one event as HubSpot sends it.
// Intake validates deliveries with it; the CRM's handlers read stored events with it.
import { z } from "zod";

export const HUBSPOT_SUBSCRIPTION_TYPES = [
  "contact.propertyChange",
  "contact.deletion",
  "contact.privacyDeletion",
] as const;
export type HubSpotSubscriptionType = (typeof HUBSPOT_SUBSCRIPTION_TYPES)[number];

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

export const hubspotEventSchema = z.looseObject({
  eventId: id,
  portalId: id,
  subscriptionType: z.string().min(1).max(100),
  occurredAt: z.number().int().min(0).max(8.64e15),
  objectId: id,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
  appId: id.optional(),
});
export type HubSpotEvent = z.output<typeof hubspotEventSchema>;
