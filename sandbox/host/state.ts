// What the sandbox page shows: the app's own view (inbox, timeline, pending sends, clock) and the
// outside world's (the simulated store and HubSpot portal, from the control server).
import { z } from "zod";
import type { HostApi } from "../../app/server/composition.server.ts";
import { DEMO_SHOP } from "../catalog.ts";
import type { OffsetClock } from "./clock.ts";

const storeState = z.object({
  customers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      marketingState: z.string(),
      phone: z.string().nullable().default(null),
      smsMarketingState: z.string().default("NOT_SUBSCRIBED"),
      numberOfOrders: z.number(),
      amountSpent: z.string(),
      tags: z.array(z.string()),
    }),
  ),
  products: z.array(z.object({ id: z.string(), title: z.string(), variant: z.string(), price: z.string() })),
  checkouts: z.array(
    z.object({
      token: z.string(),
      customerId: z.string(),
      createdAt: z.string(),
      completed: z.boolean(),
      total: z.string(),
    }),
  ),
  orders: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      customerId: z.string(),
      checkoutToken: z.string().nullable(),
      total: z.string(),
      fulfilled: z.boolean(),
    }),
  ),
  discounts: z.array(
    z.object({ code: z.string(), percentage: z.number().nullable(), endsAt: z.string().nullable() }),
  ),
  phone: z
    .object({
      number: z.string(),
      phones: z.array(
        z.object({
          customerId: z.string(),
          name: z.string(),
          phone: z.string(),
          smsMarketingState: z.string(),
          optedOut: z.boolean(),
          texts: z.array(
            z.object({
              sid: z.string(),
              direction: z.enum(["to_phone", "from_phone"]),
              body: z.string(),
              status: z.string(),
              at: z.string(),
            }),
          ),
        }),
      ),
    })
    .default({ number: "", phones: [] }),
  hubspot: z.object({
    portalId: z.string(),
    contacts: z.array(
      z.object({ id: z.string(), email: z.string(), properties: z.record(z.string(), z.string()) }),
    ),
  }),
});
export type SandboxStore = z.infer<typeof storeState>;

/** A call to the sandbox's control server (the simulated store and HubSpot). */
export async function sandboxControl(
  controlUrl: string,
  pathname: string,
  body?: unknown,
): Promise<{ ok: boolean; status: number; data: unknown }> {
  const res = await fetch(new URL(pathname, controlUrl), {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data: unknown = await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, data };
}

export async function sandboxState(api: HostApi, clock: OffsetClock, controlUrl: string) {
  const db = api.db;
  const shop = DEMO_SHOP.domain;
  const control = await sandboxControl(controlUrl, "/state");
  const store = storeState.safeParse(control.data);
  const [messages, decisions, pending, conversions, survey] = await Promise.all([
    db.message.findMany({
      where: { shop },
      orderBy: { createdAt: "desc" },
      take: 30,
      select: {
        id: true,
        toEmail: true,
        subject: true,
        campaign: true,
        step: true,
        status: true,
        createdAt: true,
      },
    }),
    db.decision.findMany({ where: { shop }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 60 }),
    db.scheduledSend.findMany({
      where: { shop, state: { in: ["scheduled", "dispatching"] } },
      orderBy: { runAt: "asc" },
      take: 30,
    }),
    db.conversion.aggregate({ where: { shop }, _sum: { amountCents: true }, _count: true }),
    db.campaignConfig.findUnique({ where: { shop_kind: { shop, kind: "post_purchase" } } }),
  ]);
  return {
    now: clock.now().toISOString(),
    offsetMs: clock.offset,
    shop: { domain: shop, name: DEMO_SHOP.name, timezone: DEMO_SHOP.timezone, currency: DEMO_SHOP.currency },
    store: store.success ? store.data : null,
    storeError: store.success ? null : `control server: ${control.status}`,
    messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    timeline: decisions.map((d) => ({
      id: d.id,
      at: d.at.toISOString(),
      campaign: d.campaign,
      kind: d.kind,
      email: d.email,
      reason: d.reason,
    })),
    pending: pending.map((s) => ({
      id: s.id,
      campaign: s.campaign,
      step: s.step,
      email: s.email,
      runAt: s.runAt.toISOString(),
      state: s.state,
    })),
    recovered: { orders: conversions._count, amountCents: conversions._sum.amountCents ?? 0 },
    surveyChannel: api.readCampaignSettings("post_purchase", survey?.settings).content.sms?.mode ?? "email",
  };
}
export type SandboxState = Awaited<ReturnType<typeof sandboxState>>;
