// The sandbox's own pages and endpoints under /sandbox, mounted by server.ts in sandbox mode only
// (a production server has no /sandbox at all):
//   GET  /sandbox                 the sandbox page (page.html, page.js): store, clock, inbox, HubSpot, timeline
//   GET  /sandbox/state           what the page shows, as JSON (the demo and tests read it too)
//   POST /sandbox/act             make the store act (or a customer's phone text), or move the clock
//   GET  /sandbox/messages/:id    one email's HTML for the inbox frame (reading it is an open)
//   POST /sandbox/messages/:id/click   a link in it was followed (a click)
//   GET  /sandbox/admin           the embedded admin, opened as the Shopify admin would
//   GET  /sandbox/session-token   a session token for a sandbox store (App Bridge's job)
//   GET  /sandbox/app-bridge.js   the stand-in for App Bridge
//   GET  /sandbox/thank-you…      the demo store's Thank-you page with the real survey block (thank-you.ts)
import fs from "node:fs";
import path from "node:path";
import express from "express";
import { z } from "zod";
import type { HostApi } from "../../app/server/composition.server.ts";
import { CLIENT_SHOP, DEMO_SHOP } from "../catalog.ts";
import type { OffsetClock } from "./clock.ts";
import type { SandboxConfig } from "./config.ts";
import { hostParam, sandboxSessionToken } from "./session-token.ts";
import { sandboxControl, sandboxState } from "./state.ts";
import { thankYouRoutes } from "./thank-you.ts";

const HOUR = 3600_000;
const asset = (name: string) => fs.readFileSync(path.join(import.meta.dirname, name), "utf8");

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("abandon"), customerId: z.string(), productId: z.string() }),
  z.object({ intent: z.literal("order"), customerId: z.string(), checkoutToken: z.string().optional() }),
  z.object({ intent: z.literal("fulfil"), orderId: z.string() }),
  z.object({
    intent: z.literal("vip"),
    customerId: z.string(),
    amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  }),
  z.object({
    intent: z.literal("consent"),
    customerId: z.string(),
    state: z.enum(["subscribed", "not_subscribed", "unsubscribed"]),
  }),
  z.object({ intent: z.literal("subscriber") }),
  z.object({
    intent: z.literal("sms_consent"),
    customerId: z.string(),
    state: z.enum(["subscribed", "unsubscribed"]),
  }),
  z.object({ intent: z.literal("text"), customerId: z.string(), body: z.string().trim().min(1).max(1600) }),
  z.object({ intent: z.literal("survey_channel"), mode: z.enum(["email", "sms", "email_then_sms"]) }),
  z.object({
    intent: z.literal("hubspot_tier"),
    email: z.string(),
    tier: z.enum(["none", "silver", "gold"]),
  }),
  z.object({
    intent: z.literal("advance"),
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  }),
]);
type Intent = z.output<typeof intents>;

type Deps = { api: HostApi; clock: OffsetClock; config: SandboxConfig };

/** One of the sandbox's stores (the demo shop by default); anything else is not ours to open. */
function sandboxShop(requested: unknown): string | null {
  if (requested === undefined || requested === "") return DEMO_SHOP.domain;
  return [DEMO_SHOP.domain, CLIENT_SHOP.domain].find((d) => d === requested) ?? null;
}

async function act({ api, clock, config }: Deps, input: Intent): Promise<{ ok: boolean; message: string }> {
  const relay = async (pathname: string, body: unknown, done: string) => {
    const result = await sandboxControl(config.SANDBOX_CONTROL_URL, pathname, body);
    const error = z.object({ error: z.string() }).safeParse(result.data);
    return result.ok
      ? { ok: true, message: done }
      : { ok: false, message: error.success ? error.data.error : `failed (${result.status})` };
  };
  switch (input.intent) {
    case "advance": {
      // Work that arrived before the clock moves (a webhook the store just sent) is handled at the
      // time it arrived, as it would be in a real hour: a survey scheduled by the order's fulfilment
      // then falls due within the move, not a week after it.
      const settled = await api.settleJobs();
      clock.advance(input.hours * HOUR);
      // The win-back scan and due sends run at once instead of at the worker's next tick.
      const lapsed = await api.scanWinback(clock.now());
      const due = await api.sweepDueSends(clock.now());
      const winback = lapsed.entered ? `; ${lapsed.entered} lapsed customer(s) entered win-back` : "";
      const late = settled ? "" : " Jobs were still running when the clock moved (see the log).";
      return {
        ok: true,
        message: `Moved ${input.hours} h ahead; ${due} send(s) became due${winback}.${late}`,
      };
    }
    case "subscriber":
      return relay("/store/subscriber", {}, "A new customer signed up for the newsletter.");
    case "abandon":
      return relay(
        "/store/abandon",
        { customerId: input.customerId, items: [{ productId: input.productId, quantity: 1 }] },
        "Checkout abandoned.",
      );
    case "order":
      return relay(
        "/store/order",
        { customerId: input.customerId, checkoutToken: input.checkoutToken || null },
        "Order placed and paid.",
      );
    case "fulfil":
      return relay("/store/fulfil", { orderId: input.orderId }, "Order fulfilled.");
    case "vip":
      return relay(
        "/store/spend",
        { customerId: input.customerId, amount: input.amount },
        "Purchasing summary sent.",
      );
    case "consent":
      return relay(
        "/store/consent",
        { customerId: input.customerId, state: input.state },
        "Consent changed.",
      );
    case "sms_consent":
      return relay(
        "/store/sms_consent",
        { customerId: input.customerId, state: input.state },
        "SMS consent changed.",
      );
    case "text":
      return relay(
        "/phone/text",
        { customerId: input.customerId, body: input.body },
        "Text sent from the phone.",
      );
    case "survey_channel": {
      // What the merchant does in the campaign editor: the survey step's "Send as".
      const shop = DEMO_SHOP.domain;
      const row = await api.db.campaignConfig.findUnique({
        where: { shop_kind: { shop, kind: "post_purchase" } },
      });
      const settings = api.readCampaignSettings("post_purchase", row?.settings);
      const sms = { text: "", delayMinutes: 60, ...settings.content.sms, mode: input.mode };
      await api.saveCampaign(api.db, shop, "post_purchase", {
        settings: { ...settings, content: { ...settings.content, sms } },
      });
      return {
        ok: true,
        message: `The post-purchase survey now goes as: ${input.mode.replaceAll("_", " ")}.`,
      };
    }
    case "hubspot_tier":
      return relay("/hubspot/tier", { email: input.email, tier: input.tier }, "Tier set in HubSpot.");
  }
}

/** Reports a read or a followed link of a message in the inbox, as SendGrid's tracking would. */
async function report(api: HostApi, clock: OffsetClock, messageId: string, event: "open" | "click") {
  const message = await api.getMessage(api.db, DEMO_SHOP.domain, messageId);
  if (!message) return false;
  await api.reportOutboxEvent(message.shop, {
    event,
    at: clock.now().getTime(),
    messageId: message.id,
    email: message.toEmail,
  });
  return true;
}

export function sandboxRouter(deps: Deps) {
  const { api, clock, config } = deps;
  const app = { apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET };
  const page = asset("page.html");
  const script = asset("page.js");
  const appBridge = asset("app-bridge.js");
  const thankYouPanel = asset("thank-you-panel.js");
  const router = express.Router();
  const noStore = (res: express.Response) => res.set("Cache-Control", "no-store");
  const fail = (next: express.NextFunction) => (error: unknown) => next(error);

  router.get("/", (_req, res) => {
    noStore(res).type("html").send(page);
  });
  router.get("/page.js", (_req, res) => {
    noStore(res).type("text/javascript").send(script);
  });
  router.get("/thank-you-panel.js", (_req, res) => {
    noStore(res).type("text/javascript").send(thankYouPanel);
  });
  thankYouRoutes(router, config);
  router.get("/app-bridge.js", (_req, res) => {
    noStore(res).type("text/javascript").send(appBridge);
  });
  router.get("/state", (_req, res, next) => {
    sandboxState(api, clock, config.SANDBOX_CONTROL_URL)
      .then((state) => noStore(res).json(state))
      .catch(fail(next));
  });
  router.post("/act", express.json({ limit: "16kb" }), (req, res, next) => {
    const parsed = intents.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ ok: false, message: "That action needs more input." });
      return;
    }
    act(deps, parsed.data)
      .then((result) => res.status(result.ok ? 200 : 422).json(result))
      .catch(fail(next));
  });
  router.get("/messages/:id", (req, res, next) => {
    const id = req.params.id;
    api
      .getMessage(api.db, DEMO_SHOP.domain, id)
      .then(async (message) => {
        if (!message) {
          res.status(404).type("text").send("Not Found");
          return;
        }
        // Shown in the inbox: the recipient read it (an open, as SendGrid's pixel would report).
        await report(api, clock, id, "open");
        // Like a mail client, the inbox opens links in a new tab (answer pages refuse to be framed).
        const html = message.html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">');
        noStore(res).type("html").send(html);
      })
      .catch(fail(next));
  });
  router.post("/messages/:id/click", (req, res, next) => {
    report(api, clock, req.params.id, "click")
      .then((found) => res.status(found ? 204 : 404).end())
      .catch(fail(next));
  });
  router.get("/admin", (req, res) => {
    // The embedded admin as the Shopify admin opens it: shop, host and a session token in the URL.
    const shop = sandboxShop(req.query.shop);
    if (!shop) {
      res.status(404).type("text").send("Not a sandbox store");
      return;
    }
    const { token } = sandboxSessionToken(app, shop);
    res.redirect(`/app?embedded=1&shop=${shop}&host=${hostParam(shop)}&id_token=${token}`);
  });
  router.get("/session-token", (req, res) => {
    // What App Bridge would hand the embedded admin, for the store it was opened for.
    const shop = sandboxShop(req.query.shop);
    if (!shop) {
      res.status(404).type("text").send("Not a sandbox store");
      return;
    }
    noStore(res).json(sandboxSessionToken(app, shop));
  });
  return router;
}
