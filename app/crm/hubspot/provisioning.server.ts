// Property provisioning for one shop's portal: the `replyloop` group and the property contract
// (app/crm/contract.ts) of every shop connected to that portal. Safe to run any number of times (on
// connect, on "create now", after campaigns change, when HubSpot refuses a value the contract
// holds): 409 means it exists; an option list is only extended or relabelled; a property that
// exists with another type is reported, never overwritten.
import { z } from "zod";
import type { Db } from "../../db.server";
import { systemClock, type Clock } from "../../lib/clock";
import { log } from "../../lib/log.server";
import { portalContract } from "../contract.server";
import { PROPERTY_GROUP } from "../properties";
import { describeOutcome, parseOk } from "./api.server";
import { propertyListSchema } from "./api-schemas";
import { PortalClient, type PortalOutcome } from "./portal-client.server";
import { planProperties } from "./provisioning-plan";

export type PropertyStatus = "created" | "exists" | "updated" | `failed: ${string}`;
export type ProvisionResult =
  { ok: true; statuses: Record<string, PropertyStatus> } | { ok: false; reason: string; retry: boolean };

const statusesSchema = z.record(z.string(), z.string());

/** Property statuses stored on the connection by the last provisioning. */
export function propertyStatuses(stored: unknown): Record<string, string> {
  const parsed = statusesSchema.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** Properties the portal is known to have: only these are written. */
export const isUsable = (status: string | undefined) =>
  status === "created" || status === "exists" || status === "updated";

const failure = (outcome: PortalOutcome): { ok: false; reason: string; retry: boolean } => {
  if (outcome.kind === "broken") return { ok: false, reason: outcome.reason, retry: false };
  if (outcome.kind === "throttled") return { ok: false, reason: "rate limited", retry: true };
  const retry =
    outcome.kind === "server_error" || outcome.kind === "unreachable" || outcome.kind === "rate_limited";
  return { ok: false, reason: outcome.kind === "ok" ? "unexpected" : describeOutcome(outcome), retry };
};

export async function provisionProperties(
  db: Db,
  shop: string,
  clock: Clock = systemClock,
): Promise<ProvisionResult> {
  const conn = await db.crmConnection.findUnique({ where: { shop } });
  if (!conn || conn.status !== "connected") return { ok: false, reason: "not connected", retry: false };
  const client = new PortalClient(db, conn, { now: () => clock.now(), maxWaitMs: 15_000 });

  const group = await client.call({
    method: "POST",
    path: "/crm/v3/properties/contacts/groups",
    json: PROPERTY_GROUP,
  });
  if (group.kind !== "ok" && group.kind !== "conflict") return failure(group);

  const listed = await client.call({ method: "GET", path: "/crm/v3/properties/contacts" });
  if (listed.kind !== "ok") return failure(listed);
  const existing = parseOk(listed, propertyListSchema, "property list").results;

  const desired = await portalContract(db, conn.portalId, shop);
  const statuses: Record<string, PropertyStatus> = {};
  for (const action of planProperties(desired, existing)) {
    if (action.kind === "keep") statuses[action.name] = "exists";
    else if (action.kind === "type_mismatch") {
      statuses[action.name] = `failed: exists as ${action.existingType}, expected ${action.wantedType}`;
    } else if (action.kind === "create") {
      const created = await client.call({
        method: "POST",
        path: "/crm/v3/properties/contacts",
        json: action.definition,
      });
      if (created.kind === "ok") statuses[action.definition.name] = "created";
      else if (created.kind === "conflict") statuses[action.definition.name] = "exists";
      else if (created.kind === "rejected")
        statuses[action.definition.name] = `failed: ${describeOutcome(created)}`;
      else return failure(created);
    } else {
      const updated = await client.call({
        method: "PATCH",
        path: `/crm/v3/properties/contacts/${encodeURIComponent(action.name)}`,
        json: { options: action.options },
      });
      if (updated.kind === "ok") statuses[action.name] = "updated";
      else if (updated.kind === "rejected") statuses[action.name] = `failed: ${describeOutcome(updated)}`;
      else return failure(updated);
    }
  }
  await db.crmConnection.updateMany({
    where: { id: conn.id, portalId: conn.portalId },
    data: { properties: statuses, propertiesSyncedAt: clock.now() },
  });
  const failed = Object.entries(statuses).filter(([, s]) => s.startsWith("failed"));
  if (failed.length)
    log.warn("hubspot properties not provisioned", { shop, failed: failed.map(([name]) => name) });
  return { ok: true, statuses };
}
