// What the merchant's HubSpot page shows for one shop: connection, writes waiting, the property
// contract with each property's status in the portal, and the values HubSpot refused — with
// HubSpot's reason and what to do.
import type { Db } from "../../db.server";
import { shopContract } from "../contract.server";
import { isUsable, propertyStatuses } from "./provisioning.server";
import { groupRefusals } from "./refusals";

/** A property status as the page words it ("failed: exists as string, expected number" → advice). */
function propertyAdvice(status: string): string | null {
  const mismatch = /^failed: exists as (\w+), expected (\w+)$/.exec(status);
  if (mismatch)
    return `A property with this name already exists in HubSpot as ${mismatch[1]}; Replyloop writes ${mismatch[2]} and leaves it untouched. Rename or delete it in HubSpot, then press “Create now”. Its answers wait here until then.`;
  if (status.startsWith("failed"))
    return "HubSpot did not accept this property. Press “Create now” to try again.";
  return null;
}

const REFUSED_SHOWN = 1000;

export async function hubspotStatus(db: Db, shop: string) {
  const conn = await db.crmConnection.findUnique({ where: { shop } });
  const pending = await db.crmWrite.count({ where: { shop, state: { in: ["pending", "sending"] } } });
  const failed = await db.crmWrite.count({ where: { shop, state: "failed" } });
  const contract = await shopContract(db, shop);
  const refusedRows = await db.crmWrite.findMany({
    where: { shop, state: "failed" },
    orderBy: { eventAt: "desc" },
    take: REFUSED_SHOWN,
    select: { property: true, value: true, error: true, eventAt: true },
  });
  const waiting = await db.crmWrite.groupBy({
    by: ["property"],
    where: { shop, state: "pending" },
    _count: { _all: true },
  });
  const waitingFor = new Map(waiting.map((w) => [w.property, w._count._all]));
  const statuses = propertyStatuses(conn?.properties);
  const labels = new Map(contract.map((p) => [p.name, p.label]));
  return {
    connection: conn
      ? {
          portalId: conn.portalId,
          authType: conn.authType,
          status: conn.status,
          statusReason: conn.statusReason,
          requestsPer10s: conn.requestsPer10s,
          lastWriteAt: conn.lastWriteAt?.toISOString() ?? null,
          propertiesSyncedAt: conn.propertiesSyncedAt?.toISOString() ?? null,
        }
      : null,
    pendingWrites: pending,
    failedWrites: failed,
    properties: contract.map((p) => {
      const status = statuses[p.name] ?? "not created";
      return {
        name: p.name,
        label: p.label,
        type: p.type,
        status,
        options: p.options?.map((o) => o.value) ?? [],
        // Writes of a property the portal cannot take yet wait for it.
        waiting: isUsable(status) ? 0 : (waitingFor.get(p.name) ?? 0),
        advice: propertyAdvice(status),
      };
    }),
    refused: groupRefusals(
      refusedRows.map((r) => ({ property: r.property, value: r.value, error: r.error, at: r.eventAt })),
    ).map((r) => ({ ...r, label: labels.get(r.property) ?? r.property })),
  };
}
