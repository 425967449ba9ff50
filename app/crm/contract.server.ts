// A shop's (and a portal's) HubSpot property contract, read from the campaigns as stored now.
import type { Tx } from "../db.server";
import { propertyContract, unionContracts } from "./contract";
import type { PropertyDefinition } from "./properties";
import { campaignQuestions } from "./shop-questions.server";

export async function shopContract(tx: Tx, shop: string): Promise<PropertyDefinition[]> {
  return propertyContract(await campaignQuestions(tx, shop));
}

/** What one portal must hold: the contracts of every shop connected to it, together. */
export async function portalContract(tx: Tx, portalId: string, shop: string): Promise<PropertyDefinition[]> {
  const connected = await tx.crmConnection.findMany({
    where: { portalId, status: "connected" },
    select: { shop: true },
  });
  const shops = [...new Set([shop, ...connected.map((c) => c.shop)])].sort();
  const contracts: PropertyDefinition[][] = [];
  for (const s of shops) contracts.push(await shopContract(tx, s));
  return unionContracts(contracts);
}
