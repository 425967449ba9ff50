// Sandbox mode (`npm run sandbox` only; refused in production): the app seeds a demo shop, runs on a
// clock the sandbox page can move forward, and serves /sandbox. The simulated store itself lives
// outside the app (sandbox/), reached over HTTP at SANDBOX_CONTROL_URL.
import fs from "node:fs";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import { z } from "zod";
import { saveCampaign } from "../campaigns/config.server";
import { sweepDueSends } from "../campaigns/dispatch.server";
import { CAMPAIGN_KINDS } from "../campaigns/kinds";
import { connectWithToken } from "../crm/hubspot/connection.server";
import { upsertCustomer } from "../customers/customers.server";
import db from "../db.server";
import { env } from "../env.server";
import { installClock } from "../lib/app-clock.server";
import { OffsetClock } from "../lib/clock";
import { log } from "../lib/log.server";
import { toMinorUnits } from "../lib/money";
import { recordInstall } from "../shops/shops.server";
import { sessionStorage } from "../shopify.server";

const seedShopSchema = z.object({
  domain: z.string(),
  name: z.string(),
  email: z.string(),
  currency: z.string(),
  timezone: z.string(),
  address: z.array(z.string()),
  accessToken: z.string(),
});

export const sandboxSeedSchema = z.object({
  shop: seedShopSchema,
  /** More stores with the app installed (an agency's other clients): no customers, no HubSpot. */
  otherShops: z.array(seedShopSchema).default([]),
  hubspot: z.object({ portalId: z.string(), token: z.string() }),
  customers: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      marketingState: z.string(),
      numberOfOrders: z.number(),
      amountSpent: z.string(),
      tags: z.array(z.string()),
    }),
  ),
});
export type SandboxSeed = z.infer<typeof sandboxSeedSchema>;

export function sandboxEnabled() {
  return env.REPLYLOOP_SANDBOX;
}

/** Sandbox routes answer 404 unless the app runs in sandbox mode. */
export function requireSandbox() {
  if (!env.REPLYLOOP_SANDBOX) throw new Response("Not Found", { status: 404 });
}

export function sandboxSeed(): SandboxSeed {
  return sandboxSeedSchema.parse(JSON.parse(env.SANDBOX_SEED ?? "{}"));
}

/** One of the sandbox's stores (the demo shop by default); anything else is not ours to open. */
export function sandboxShop(requested: string | null): string | null {
  const seed = sandboxSeed();
  if (!requested) return seed.shop.domain;
  return [seed.shop, ...seed.otherShops].some((s) => s.domain === requested) ? requested : null;
}

const clock = new OffsetClock(0);
const clockFile = () => path.join(env.SANDBOX_DATA_DIR ?? ".", "clock.json");

export function sandboxClock() {
  return clock;
}

/** Moves sandbox time forward, remembers it across restarts, and lets due sends go at once. */
export async function advanceClock(ms: number) {
  clock.advance(ms);
  fs.writeFileSync(clockFile(), JSON.stringify({ offsetMs: clock.offset }));
  return sweepDueSends(clock.now());
}

/** Called at start-up in sandbox mode: the movable clock, and the demo shop on first start. */
export async function startSandboxMode() {
  try {
    const saved = z.object({ offsetMs: z.number() }).parse(JSON.parse(fs.readFileSync(clockFile(), "utf8")));
    clock.offset = saved.offsetMs;
  } catch {
    clock.offset = 0;
  }
  installClock(clock);
  await seedDemoShop(sandboxSeed());
}

/** A store with the app installed: its offline session and its row. False if it was there already. */
async function installShop(shop: z.infer<typeof seedShopSchema>) {
  if (await db.shop.findUnique({ where: { domain: shop.domain } })) return false; // a second start reuses the data
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop.domain}`,
      shop: shop.domain,
      state: "",
      isOnline: false,
      scope:
        "read_customers,write_customers,read_orders,read_checkouts,read_fulfillments,read_discounts,write_discounts",
      accessToken: shop.accessToken,
    }),
  );
  await recordInstall(db, shop.domain);
  await db.shop.update({
    where: { domain: shop.domain },
    data: {
      name: shop.name,
      email: shop.email,
      currency: shop.currency,
      timezone: shop.timezone,
      address: shop.address.join(", "),
    },
  });
  return true;
}

async function seedDemoShop(seed: SandboxSeed) {
  for (const other of seed.otherShops) await installShop(other);
  const domain = seed.shop.domain;
  if (!(await installShop(seed.shop))) return;
  await db.$transaction(async (tx) => {
    for (const c of seed.customers) {
      await upsertCustomer(tx, domain, c.id, {
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
        marketingState: c.marketingState,
        ordersCount: c.numberOfOrders,
        amountSpentCents: toMinorUnits(c.amountSpent, seed.shop.currency),
        tags: c.tags,
      });
      if (c.tags.includes("VIP-Silver"))
        await tx.customer.update({
          where: { shop_shopifyId: { shop: domain, shopifyId: c.id } },
          data: { vipTier: "silver" },
        });
    }
    for (const kind of CAMPAIGN_KINDS) await saveCampaign(tx, domain, kind, { enabled: true });
  });
  const connected = await connectWithToken(db, { shop: domain, token: seed.hubspot.token });
  if (!connected.ok)
    log.warn("sandbox: the local HubSpot portal did not connect", { reason: connected.reason });
  log.info("sandbox: demo shop seeded", { shop: domain });
}

/** A call to the sandbox's control server (the simulated store and HubSpot). */
export async function sandboxControl(
  pathname: string,
  body?: unknown,
): Promise<{ ok: boolean; status: number; data: unknown }> {
  const res = await fetch(new URL(pathname, env.SANDBOX_CONTROL_URL), {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, data };
}
