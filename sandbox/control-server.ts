// The sandbox's control server: the HTTP API the sandbox page (served by the app) calls to make the
// simulated store act and to read the store's and HubSpot's side of things; plus the storefront's
// "resume your checkout" page that abandoned-cart emails link to.
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { DEMO_CUSTOMERS, DEMO_PORTAL, DEMO_SHOP, DEMO_TWILIO, PRODUCTS } from "./catalog";
import type { FakeHubSpot } from "../fakes/hubspot-server";
import type { FakeShopifyAdmin } from "../fakes/shopify-admin-server";
import type { FakeTwilio } from "../fakes/twilio-server";
import { createJsonServer } from "../fakes/json-server";
import { nameOf, StoreError, type SimulatedStore } from "./store";

const items = z.array(z.object({ productId: z.string(), quantity: z.number().int().min(1).max(20) })).min(1);
const routes = {
  "/store/abandon": z.object({ customerId: z.string(), items }),
  "/store/order": z.object({ customerId: z.string(), checkoutToken: z.string().nullish() }),
  "/store/fulfil": z.object({ orderId: z.string() }),
  "/store/spend": z.object({ customerId: z.string(), amount: z.string().regex(/^\d+(\.\d{1,2})?$/) }),
  "/store/consent": z.object({
    customerId: z.string(),
    state: z.enum(["subscribed", "not_subscribed", "unsubscribed"]),
  }),
  "/store/sms_consent": z.object({ customerId: z.string(), state: z.enum(["subscribed", "unsubscribed"]) }),
  "/phone/text": z.object({ customerId: z.string(), body: z.string().min(1).max(1600) }),
  "/hubspot/tier": z.object({ email: z.string(), tier: z.enum(["none", "silver", "gold"]) }),
  "/store/subscriber": z.object({}),
} as const;

/** The phones of the store's customers: every text between each of them and the shop's number. */
function phoneView(admin: FakeShopifyAdmin, twilio: FakeTwilio) {
  const shop = admin.shopByDomain(DEMO_SHOP.domain);
  return {
    number: DEMO_TWILIO.number,
    phones: [...(shop?.customers.values() ?? [])].flatMap((c) => {
      if (!c.phone) return [];
      const id = c.id.replace("gid://shopify/Customer/", "");
      const known = DEMO_CUSTOMERS.find((d) => d.id === id);
      return [
        {
          customerId: id,
          name: known ? `${known.firstName} ${known.lastName}` : (c.email ?? id),
          phone: c.phone,
          smsMarketingState: c.smsMarketingState ?? "NOT_SUBSCRIBED",
          optedOut: twilio.isOptedOut(DEMO_TWILIO.number, c.phone),
          texts: twilio.conversation(c.phone).map((m) => ({
            sid: m.sid,
            direction: m.direction === "inbound" ? ("from_phone" as const) : ("to_phone" as const),
            body: m.body,
            status: m.status,
            at: m.dateCreated,
          })),
        },
      ];
    }),
  };
}

export function storeView(
  store: SimulatedStore,
  admin: FakeShopifyAdmin,
  hubspot: FakeHubSpot,
  twilio: FakeTwilio,
) {
  const shop = admin.shopByDomain(DEMO_SHOP.domain);
  const customers = [...(shop?.customers.values() ?? [])].map((c) => {
    const id = c.id.replace("gid://shopify/Customer/", "");
    const known = nameOf(store.state, id);
    return {
      id,
      name: known ? `${known.firstName} ${known.lastName}` : (c.email ?? id),
      email: c.email,
      marketingState: c.marketingState,
      phone: c.phone ?? null,
      smsMarketingState: c.smsMarketingState ?? "NOT_SUBSCRIBED",
      numberOfOrders: c.numberOfOrders,
      amountSpent: c.amountSpent,
      tags: c.tags,
    };
  });
  const price = (token: string) => {
    const checkout = store.state.checkouts.find((c) => c.token === token);
    return (checkout?.items ?? [])
      .reduce(
        (sum, i) => sum + Number(PRODUCTS.find((p) => p.id === i.productId)?.price ?? 0) * i.quantity,
        0,
      )
      .toFixed(2);
  };
  const portal = hubspot.portals.get(DEMO_PORTAL.portalId);
  return {
    customers,
    products: PRODUCTS.map(({ id, title, variant, price: p }) => ({ id, title, variant, price: p })),
    checkouts: store.state.checkouts.map((c) => ({
      token: c.token,
      customerId: c.customerId,
      createdAt: c.createdAt,
      completed: c.completed,
      total: price(c.token),
    })),
    orders: store.state.orders.map(({ id, name, customerId, checkoutToken, total, fulfilled }) => ({
      id,
      name,
      customerId,
      checkoutToken,
      total,
      fulfilled,
    })),
    discounts: (shop?.discounts ?? []).map((d) => ({
      code: d.code,
      percentage: d.percentage,
      endsAt: d.endsAt,
    })),
    phone: phoneView(admin, twilio),
    hubspot: {
      portalId: DEMO_PORTAL.portalId,
      contacts: [...(portal?.contacts.values() ?? [])].map((c) => ({
        id: c.id,
        email: c.email,
        properties: c.properties,
      })),
    },
  };
}

export async function startControlServer(options: {
  port: number;
  store: SimulatedStore;
  admin: FakeShopifyAdmin;
  hubspot: FakeHubSpot;
  twilio: FakeTwilio;
  /** Called after every change, so the sandbox can save its state. */
  changed(): void;
}) {
  const { store } = options;
  const actions: Record<keyof typeof routes, (input: never) => Promise<unknown>> = {
    "/store/abandon": (i: z.infer<(typeof routes)["/store/abandon"]>) =>
      store.abandonCheckout(i.customerId, i.items),
    "/store/order": (i: z.infer<(typeof routes)["/store/order"]>) =>
      store.placeOrder(i.customerId, { checkoutToken: i.checkoutToken ?? null }),
    "/store/fulfil": (i: z.infer<(typeof routes)["/store/fulfil"]>) => store.fulfilOrder(i.orderId),
    "/store/spend": (i: z.infer<(typeof routes)["/store/spend"]>) => store.setSpend(i.customerId, i.amount),
    "/store/consent": (i: z.infer<(typeof routes)["/store/consent"]>) =>
      store.setConsent(i.customerId, i.state),
    "/store/sms_consent": (i: z.infer<(typeof routes)["/store/sms_consent"]>) =>
      store.setSmsConsent(i.customerId, i.state),
    "/phone/text": (i: z.infer<(typeof routes)["/phone/text"]>) => store.text(i.customerId, i.body),
    "/hubspot/tier": (i: z.infer<(typeof routes)["/hubspot/tier"]>) => store.repSetsTier(i.email, i.tier),
    "/store/subscriber": () => store.newSubscriber(),
  };

  const server = createJsonServer(async (req, reply) => {
    const send = (status: number, body: unknown) => reply.json(status, body ?? {});
    const recover = /^\/checkouts\/(\w+)\/recover$/.exec(req.url.pathname);
    if (req.method === "GET" && recover) {
      return reply.html(
        200,
        `<!doctype html><title>${DEMO_SHOP.name}</title><body style="font:16px system-ui;max-width:560px;margin:48px auto">
<h1>${DEMO_SHOP.name}</h1><p>This is where the customer would resume checkout <code>${recover[1]}</code> in the real store.</p>
<p>In the sandbox, place the order from the sandbox page ("Order from the open checkout").</p></body>`,
      );
    }
    if (req.method === "GET" && req.url.pathname === "/state")
      return send(200, storeView(store, options.admin, options.hubspot, options.twilio));
    if (req.method !== "POST" || !(req.url.pathname in routes))
      return send(404, { error: "no such sandbox action" });
    const path = req.url.pathname as keyof typeof routes;
    let body: unknown;
    try {
      body = JSON.parse(req.body || "{}");
    } catch {
      return send(400, { error: "malformed JSON" });
    }
    const input = routes[path].safeParse(body);
    if (!input.success) return send(400, { error: input.error.issues[0]?.message ?? "invalid input" });
    try {
      const result = await actions[path](input.data as never);
      options.changed();
      send(200, result ?? { ok: true });
    } catch (error) {
      send(error instanceof StoreError ? 400 : 500, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${options.port} is taken: is another sandbox running? (use --port)`)
          : error,
      ),
    );
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
