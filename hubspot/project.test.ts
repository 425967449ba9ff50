// The HubSpot developer project (platform 2026.03) checked against the documented forms of its
// configuration files (developers.hubspot.com: app configuration, webhooks, app cards reference),
// and against the app: the URLs it names are routes Replyloop serves, the scopes are the ones the
// OAuth flow asks for, the subscriptions are the events the CRM handlers process.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OAUTH_CALLBACK_PATH, HUBSPOT_SCOPES } from "../app/crm/hubspot/oauth.server";
import { EVENT_ROUTES } from "../app/events/routes.server";
import { hubspotWebhook } from "../app/intake/hubspot-webhook.server";
import { webhookSource } from "../app/intake/webhooks.server";
import { REPLYLOOP_APP_URL } from "./src/app/cards/backend";

const root = import.meta.dirname;
const read = (relative: string): unknown => JSON.parse(fs.readFileSync(path.join(root, relative), "utf8"));

const uid = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "up to 64 letters, digits, _ - .");
const httpsUrl = z
  .url({ protocol: /^https$/ })
  .refine((u) => !/localhost|127\.0\.0\.1/.test(u), "no localhost");

const hsproject = z.strictObject({
  name: z.string().min(1),
  srcDir: z.string().min(1),
  platformVersion: z.literal("2026.03"),
});

const appSchema = z.strictObject({
  uid,
  type: z.literal("app"),
  config: z
    .strictObject({
      name: z
        .string()
        .min(1)
        .max(200)
        .refine((n) => n.trim() === n, "no leading or trailing whitespace"),
      description: z.string().min(1).max(8192),
      distribution: z.enum(["marketplace", "private"]),
      auth: z.strictObject({
        type: z.enum(["oauth", "static"]),
        redirectUrls: z.array(httpsUrl).optional(),
        requiredScopes: z.array(z.string().min(1)).min(1),
        optionalScopes: z.array(z.string()).optional(),
        conditionallyRequiredScopes: z.array(z.string()).optional(),
      }),
      permittedUrls: z
        .strictObject({
          fetch: z.array(httpsUrl),
          iframe: z.array(httpsUrl).optional(),
          img: z.array(httpsUrl).optional(),
        })
        .optional(),
      support: z
        .strictObject({
          supportEmail: z.email().optional(),
          documentationUrl: httpsUrl.optional(),
          supportUrl: httpsUrl.optional(),
          supportPhone: z.string().optional(),
        })
        .optional(),
    })
    .refine(
      (c) => c.distribution !== "marketplace" || c.auth.type === "oauth",
      "marketplace apps must use OAuth",
    )
    .refine(
      (c) => c.auth.type !== "oauth" || (c.auth.redirectUrls?.length ?? 0) > 0,
      "OAuth apps need redirect URLs",
    ),
});

const subscription = z.strictObject({
  subscriptionType: z.string().min(1),
  propertyName: z.string().optional(),
  objectType: z.string().optional(),
  active: z.boolean(),
});
const webhooksSchema = z.strictObject({
  uid,
  type: z.literal("webhooks"),
  config: z.strictObject({
    settings: z.strictObject({
      targetUrl: httpsUrl,
      maxConcurrentRequests: z.number().int().min(5).optional(),
    }),
    subscriptions: z.strictObject({
      crmObjects: z.array(subscription).optional(),
      legacyCrmObjects: z.array(subscription).optional(),
      hubEvents: z.array(subscription).optional(),
    }),
  }),
});

const cardSchema = z.strictObject({
  uid,
  type: z.literal("card"),
  config: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    previewImage: z.strictObject({ file: z.string(), altText: z.string() }).optional(),
    entrypoint: z.string().startsWith("/app/cards/"),
    location: z.enum(["crm.record.tab", "crm.record.sidebar", "crm.preview", "helpdesk.sidebar"]),
    objectTypes: z.array(z.string()).min(1),
  }),
});

const hsmetaFiles = (dir: string) =>
  fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith("-hsmeta.json"));

describe("hubspot/ developer project", () => {
  const project = hsproject.parse(read("hsproject.json"));
  const app = appSchema.parse(read(`${project.srcDir}/app/app-hsmeta.json`));
  const webhooks = webhooksSchema.parse(
    read(`${project.srcDir}/app/webhooks/${hsmetaFiles("src/app/webhooks")[0]}`),
  );
  const cards = hsmetaFiles("src/app/cards").map((f) => cardSchema.parse(read(`src/app/cards/${f}`)));

  it("has one app, one webhooks component and a contact card, each in its documented folder with a unique uid", () => {
    expect(hsmetaFiles("src/app")).toEqual(["app-hsmeta.json"]);
    expect(hsmetaFiles("src/app/webhooks")).toHaveLength(1);
    expect(cards).toHaveLength(1);
    const uids = [app.uid, webhooks.uid, ...cards.map((c) => c.uid)];
    expect(new Set(uids).size).toBe(uids.length);
  });

  it("is a marketplace OAuth app asking exactly for Replyloop's scopes, redirecting to our callback", () => {
    expect(app.config.distribution).toBe("marketplace");
    expect(app.config.auth.requiredScopes).toEqual([...HUBSPOT_SCOPES]);
    expect(app.config.auth.redirectUrls).toEqual([`${REPLYLOOP_APP_URL}${OAUTH_CALLBACK_PATH}`]);
    expect(fs.existsSync(path.join(root, "../app/routes/hubspot.oauth.callback.ts"))).toBe(true);
  });

  it("lets the card fetch from the app URL only", () => {
    expect(app.config.permittedUrls?.fetch).toEqual([REPLYLOOP_APP_URL]);
    expect(fs.existsSync(path.join(root, "../app/routes/hubspot.card.ts"))).toBe(true);
  });

  it("subscribes to exactly the events the CRM handlers process, delivered to our webhook route", () => {
    expect(webhooks.config.settings.targetUrl).toBe(`${REPLYLOOP_APP_URL}/webhooks/hubspot`);
    expect(webhookSource("/webhooks/hubspot")).toBe(hubspotWebhook);
    const subscriptions = [
      ...(webhooks.config.subscriptions.legacyCrmObjects ?? []),
      ...(webhooks.config.subscriptions.hubEvents ?? []),
    ];
    expect(subscriptions.every((s) => s.active)).toBe(true);
    expect(subscriptions.map((s) => `hubspot:${s.subscriptionType}`).sort()).toEqual(
      Object.entries(EVENT_ROUTES)
        .filter(([key, handlers]) => key.startsWith("hubspot:") && handlers.length > 0)
        .map(([key]) => key)
        .sort(),
    );
    expect(subscriptions.find((s) => s.subscriptionType === "contact.propertyChange")?.propertyName).toBe(
      "replyloop_vip_tier",
    );
  });

  it("puts the card on contact records, with an entrypoint that exists", () => {
    const [card] = cards;
    expect(card?.config.objectTypes).toEqual(["contacts"]);
    expect(fs.existsSync(path.join(root, project.srcDir, card!.config.entrypoint))).toBe(true);
    const pkg = z
      .object({ dependencies: z.record(z.string(), z.string()) })
      .parse(read("src/app/cards/package.json"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@hubspot/ui-extensions", "react"]);
  });
});
