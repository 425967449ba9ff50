// The Thank-you page of the sandbox's demo store, with the real survey block on it:
//   GET /sandbox/thank-you?order=ID&locale=en   the block's page: the extension bundle that
//       `npm run build:extensions` makes (built at start with this app's URL, SANDBOX_EXTENSIONS_DIR)
//       runs under a stand-in of Shopify's `shopify` global — this order, this language, a session
//       token signed as Shopify signs the checkout's. The sandbox page frames it with
//       sandbox="allow-scripts", so, as in Shopify's web worker, its requests come from a `null`
//       origin and go through the app's CORS and token checks like the real thing.
//   GET /sandbox/thank-you.js                   that stand-in (and minimal Polaris web components)
//   GET /sandbox/extensions/:file               the built bundle
//   GET /sandbox/checkout-token?order=ID        a fresh token for the order's buyer
import fs from "node:fs";
import path from "node:path";
import type express from "express";
import { z } from "zod";
import { DEMO_SHOP } from "../catalog.ts";
import { checkoutSessionToken } from "./checkout-token.ts";
import type { SandboxConfig } from "./config.ts";
import { sandboxControl } from "./state.ts";

const BUNDLE = "post-purchase-survey.js";
const asset = (name: string) => fs.readFileSync(path.join(import.meta.dirname, name), "utf8");
const orders = z.object({
  orders: z.array(z.object({ id: z.string(), name: z.string(), customerId: z.string() })),
});

/** A demo store order as the control server knows it, or null. */
async function storeOrder(config: SandboxConfig, id: unknown) {
  if (typeof id !== "string" || !/^\d{1,20}$/.test(id)) return null;
  const state = orders.safeParse((await sandboxControl(config.SANDBOX_CONTROL_URL, "/state")).data);
  return state.success ? (state.data.orders.find((o) => o.id === id) ?? null) : null;
}

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

export function thankYouRoutes(router: express.Router, config: SandboxConfig) {
  const app = { apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET };
  const script = asset("thank-you.js");
  const page = asset("thank-you.html");
  const fail = (next: express.NextFunction) => (error: unknown) => next(error);
  const bundlePath = config.SANDBOX_EXTENSIONS_DIR ? path.join(config.SANDBOX_EXTENSIONS_DIR, BUNDLE) : null;

  router.get("/thank-you", (req, res, next) => {
    const locale =
      typeof req.query.locale === "string" && /^[a-z]{2}(-[A-Z]{2})?$/.test(req.query.locale)
        ? req.query.locale
        : "en";
    storeOrder(config, req.query.order)
      .then((order) => {
        if (!order) {
          res.status(404).type("text").send("No such order in the demo store");
          return;
        }
        const settings = {
          orderId: `gid://shopify/Order/${order.id}`,
          order: order.id,
          locale,
          bundle: bundlePath && fs.existsSync(bundlePath) ? `/sandbox/extensions/${BUNDLE}` : null,
        };
        res
          .set("Cache-Control", "no-store")
          .type("html")
          .send(page.replace("{{SETTINGS}}", escapeJson(settings)));
      })
      .catch(fail(next));
  });
  router.get("/thank-you.js", (_req, res) => {
    res.set("Cache-Control", "no-store").type("text/javascript").send(script);
  });
  router.get(`/extensions/${BUNDLE}`, (_req, res) => {
    if (!bundlePath || !fs.existsSync(bundlePath)) {
      res.status(404).type("text").send("The survey block was not built");
      return;
    }
    res.set("Cache-Control", "no-store").type("text/javascript").sendFile(bundlePath);
  });
  router.get("/checkout-token", (req, res, next) => {
    // Asked for by the framed page, whose origin is opaque (`null`): a cross-origin read.
    res.set("Access-Control-Allow-Origin", "*").set("Cache-Control", "no-store");
    storeOrder(config, req.query.order)
      .then((order) => {
        if (!order) {
          res.status(404).json({ error: "No such order in the demo store" });
          return;
        }
        res.json(checkoutSessionToken(app, DEMO_SHOP.domain, order.customerId));
      })
      .catch(fail(next));
  });
}
