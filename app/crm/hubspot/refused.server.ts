// Values HubSpot refused in a batch upsert (a 207 naming the property, or an input refused whole).
// One the shop's property contract holds — a choice saved before provisioning caught up, a property
// deleted in HubSpot — is sent again once the portal has been provisioned (once: refused again, it
// fails). Any other fails for good with HubSpot's reason, is logged (property and value), and is
// listed on the merchant's HubSpot page (status.server.ts, refusals.ts).
import type { Db } from "../../db.server";
import { enqueue } from "../../jobs/jobs.server";
import type { Clock } from "../../lib/clock";
import { log } from "../../lib/log.server";
import { contractHolds } from "../contract";
import { shopContract } from "../contract.server";
import type { PropertyDefinition } from "../properties";
import type { PropertyError } from "./api-schemas";
import { provisionPropertiesJob } from "./jobs";
import { provisionProperties } from "./provisioning.server";
import { backoffMs, MAX_INPUT_ERROR_ATTEMPTS } from "./retry-policy";

export type FlushStats = { calls: number; written: number; retried: number; failed: number };

/** A claimed CrmWrite row, as the flusher sends and settles it. */
export type Claimed = {
  id: string;
  shop: string;
  attempts: number;
  property: string;
  value: string;
  error: string | null;
};

/** The error of a write sent again after HubSpot refused it and the portal was provisioned. */
export const REPROVISIONED = "Refused by HubSpot; properties updated, sent again:";

/** How a batch's rows end up (one updateMany per entry, guarded by the claim's lease). */
export type Settlement = {
  ids: string[];
  data: {
    state: string;
    nextAttemptAt?: Date;
    attempts?: { increment: number };
    error?: string | null;
    sentAt?: Date;
  };
};

export type Refusal = {
  row: Claimed;
  problem: PropertyError | null;
  result: { message: string };
};

/**
 * Values HubSpot refused. One the shop's contract holds is sent again once the portal has been
 * provisioned (once: refused again, it fails); any other fails for good, with HubSpot's reason,
 * and is logged. Returns whether provisioning ran.
 */
export async function settleRefusals(
  database: Db,
  refused: readonly Refusal[],
  ctx: { clock: Clock; random: () => number; stats: FlushStats; settlements: Settlement[] },
): Promise<boolean> {
  if (refused.length === 0) return false;
  const contracts = new Map<string, PropertyDefinition[]>();
  const contractOf = async (shop: string) => {
    let contract = contracts.get(shop);
    if (!contract) contracts.set(shop, (contract = await shopContract(database, shop)));
    return contract;
  };
  const retry: Refusal[] = [];
  for (const refusal of refused) {
    const { row, problem } = refusal;
    const again =
      problem !== null &&
      !row.error?.startsWith(REPROVISIONED) &&
      row.attempts + 1 < MAX_INPUT_ERROR_ATTEMPTS &&
      contractHolds(await contractOf(row.shop), row.property, row.value);
    if (again) retry.push(refusal);
    else fail(refusal, ctx);
  }
  const shops = [...new Set(retry.map((r) => r.row.shop))];
  const provisioned = new Map<string, boolean>();
  for (const shop of shops) {
    const result = await provisionProperties(database, shop, ctx.clock);
    provisioned.set(shop, result.ok);
    if (!result.ok) {
      log.warn("hubspot properties could not be updated after a refused value", {
        shop,
        reason: result.reason,
      });
      if (result.retry)
        await database.$transaction((tx) =>
          enqueue(
            tx,
            provisionPropertiesJob,
            { shop },
            {
              idempotencyKey: `crm.provision:${shop}:${Math.floor(ctx.clock.now().getTime() / 60_000)}`,
            },
          ),
        );
    }
  }
  const now = ctx.clock.now();
  for (const { row, problem, result } of retry) {
    const reason = reasonOf(problem, result);
    ctx.stats.retried++;
    ctx.settlements.push({
      ids: [row.id],
      data: provisioned.get(row.shop)
        ? {
            state: "pending",
            nextAttemptAt: now,
            attempts: { increment: 1 },
            error: `${REPROVISIONED} ${reason}`,
          }
        : {
            state: "pending",
            nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts + 1, ctx.random)),
            attempts: { increment: 1 },
            error: reason,
          },
    });
  }
  return shops.length > 0;
}

const reasonOf = (problem: PropertyError | null, result: { message: string }) =>
  (problem ? `${problem.error}: ${problem.message}` : result.message).slice(0, 1000);

function fail(refusal: Refusal, ctx: { stats: FlushStats; settlements: Settlement[] }) {
  const { row, problem, result } = refusal;
  const reason = reasonOf(problem, result);
  log.warn("hubspot refused a value", { shop: row.shop, property: row.property, value: row.value, reason });
  ctx.stats.failed++;
  ctx.settlements.push({
    ids: [row.id],
    data: { state: "failed", attempts: { increment: 1 }, error: reason },
  });
}
