// What the merchant's HubSpot page shows for one shop: connection, writes waiting, property status.
import type { Db } from "../../db.server";
import { BASE_PROPERTIES } from "../properties";
import { questionProperties, questionsOfShop } from "../shop-questions.server";
import { propertyStatuses } from "./provisioning.server";

export async function hubspotStatus(db: Db, shop: string) {
  const [conn, pending, failed, questions] = await Promise.all([
    db.crmConnection.findUnique({ where: { shop } }),
    db.crmWrite.count({ where: { shop, state: { in: ["pending", "sending"] } } }),
    db.crmWrite.count({ where: { shop, state: "failed" } }),
    questionsOfShop(db, shop),
  ]);
  const statuses = propertyStatuses(conn?.properties);
  const desired = [...BASE_PROPERTIES, ...questionProperties(questions)];
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
    properties: desired.map((p) => ({
      name: p.name,
      label: p.label,
      type: p.type,
      status: statuses[p.name] ?? "not created",
    })),
  };
}
