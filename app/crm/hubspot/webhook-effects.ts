// What a stored HubSpot event means for Replyloop. Pure: the handlers apply the effect.
// Echo rule: a property change whose source is our own app (changeSource INTEGRATION or API with
// sourceId equal to the event's appId) is the echo of a write we made, and changes nothing.
import { VIP_TIERS, type VipTier } from "../properties";

export const VIP_TIER_PROPERTY = "replyloop_vip_tier";

export type CrmEvent = {
  subscriptionType: string;
  occurredAt: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource?: string;
  sourceId?: string;
  appId?: string;
};

export type CrmEventEffect =
  { kind: "none"; why: string } | { kind: "set_tier"; tier: VipTier; at: Date } | { kind: "erase_contact" };

const isTier = (value: string): value is VipTier => (VIP_TIERS as readonly string[]).includes(value);

export function isOwnEcho(event: CrmEvent): boolean {
  return (
    (event.changeSource === "INTEGRATION" || event.changeSource === "API") &&
    !!event.appId &&
    event.sourceId === event.appId
  );
}

export function effectOf(event: CrmEvent): CrmEventEffect {
  switch (event.subscriptionType) {
    case "contact.propertyChange": {
      if (event.propertyName !== VIP_TIER_PROPERTY)
        return { kind: "none", why: `property ${event.propertyName ?? "?"} is not synced from HubSpot` };
      if (isOwnEcho(event)) return { kind: "none", why: "echo of our own write" };
      // A rep clearing the property takes the customer out of VIP.
      const value = (event.propertyValue ?? "").trim().toLowerCase() || "none";
      if (!isTier(value)) return { kind: "none", why: `unknown tier "${value}"` };
      return { kind: "set_tier", tier: value, at: new Date(event.occurredAt) };
    }
    case "contact.deletion":
    case "contact.privacyDeletion":
      return { kind: "erase_contact" };
    default:
      return { kind: "none", why: `${event.subscriptionType} is not handled` };
  }
}
