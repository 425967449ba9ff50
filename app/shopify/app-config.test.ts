// shopify.app.toml and the code say the same thing: the API version, the scopes, the webhook
// topics (each with a route and a `# Handled by:` comment naming its routing-table entry).
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EVENT_ROUTES } from "../events/routes.server";
import { SHOPIFY_API_VERSION, SHOPIFY_SCOPES } from "./api-version";
import { SHOPIFY_TOPICS } from "./topics";

const text = fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8");
const toml = z
  .object({
    access_scopes: z.object({ scopes: z.string() }),
    webhooks: z.object({
      api_version: z.string(),
      subscriptions: z.array(
        z.object({
          topics: z.array(z.string()).optional(),
          compliance_topics: z.array(z.string()).optional(),
          uri: z.string(),
        }),
      ),
    }),
  })
  .parse(parse(text));
const subscriptions = toml.webhooks.subscriptions.map((s) => ({
  topics: [...(s.topics ?? []), ...(s.compliance_topics ?? [])],
  uri: s.uri,
}));

describe("shopify.app.toml", () => {
  it("declares the API version the app speaks", () => {
    expect(toml.webhooks.api_version).toBe(SHOPIFY_API_VERSION);
  });

  it("asks for exactly the scopes the app needs", () => {
    expect(toml.access_scopes.scopes.split(",")).toEqual([...SHOPIFY_SCOPES]);
  });

  it("subscribes to exactly the topics of app/shopify/topics.ts, in its order", () => {
    expect(subscriptions.flatMap((s) => s.topics)).toEqual([...SHOPIFY_TOPICS]);
  });

  it("delivers every topic to its own route", () => {
    for (const { topics, uri } of subscriptions) {
      expect(topics).toHaveLength(1);
      expect(uri).toBe(`/webhooks/${topics[0]!.replace(".", "/")}`);
    }
  });

  it("names the routing-table entry that handles each topic", () => {
    const comments = [...text.matchAll(/# Handled by: (.+)\n\s*\[\[webhooks\.subscriptions\]\]/g)].map(
      (m) => m[1],
    );
    expect(comments).toEqual(
      SHOPIFY_TOPICS.map((topic) => `app/events/routes.server.ts, "shopify:${topic}"`),
    );
    for (const topic of SHOPIFY_TOPICS) expect(Object.keys(EVENT_ROUTES)).toContain(`shopify:${topic}`);
  });
});
