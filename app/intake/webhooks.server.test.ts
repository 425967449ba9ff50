import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hasWebhookSource, webhookSource } from "./webhooks.server";
import { hubspotWebhook } from "./hubspot-webhook.server";
import { sendgridWebhook } from "./sendgrid-webhook.server";

const toml = z
  .object({ webhooks: z.object({ subscriptions: z.array(z.object({ uri: z.string() })) }) })
  .parse(parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8")));

describe("webhook sources", () => {
  it("has a source of its own for every uri Shopify delivers to (shopify.app.toml)", () => {
    const uris = toml.webhooks.subscriptions.map((s) => s.uri);
    expect(uris.length).toBeGreaterThan(10);
    for (const uri of uris) expect(hasWebhookSource(uri), uri).toBe(true);
    expect(hasWebhookSource("/webhooks/not/a-topic")).toBe(false);
  });

  it("sends HubSpot's and SendGrid's deliveries to their sources", () => {
    expect(webhookSource("/webhooks/hubspot")).toBe(hubspotWebhook);
    expect(webhookSource("/webhooks/sendgrid")).toBe(sendgridWebhook);
  });

  it("has Twilio's incoming texts and status callbacks (the URLs the SMS page and each text name)", () => {
    expect(hasWebhookSource("/webhooks/twilio/messages")).toBe(true);
    expect(hasWebhookSource("/webhooks/twilio/status")).toBe(true);
  });
});
