// verifyShopifyWebhook gives the Shopify library's verdict (`shopifyApi().webhooks.validate`, the
// check intake used before it moved ahead of Remix) on every delivery: each sample in fixtures/ sent
// as a body, correctly signed and forged in every way we could think of. Both run on the very same
// HTTP request, received by a real Node server — the library on the Fetch Request Remix would have
// built from it, ours on Node's headers — so header folding and decoding are the transport's own.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
// What the app's bundle loads (through @shopify/shopify-app-remix/server): Fetch Requests for the library.
import "@shopify/shopify-api/adapters/web-api";
import { shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir } from "../../scripts/fixtures";
import { SHOPIFY_API_VERSION } from "./api-version";
import { verifyShopifyWebhook } from "./webhook-verifier.server";

const SECRET = "verifier-test-secret";
const library = shopifyApi({
  apiKey: "key",
  apiSecretKey: SECRET,
  apiVersion: SHOPIFY_API_VERSION,
  hostName: "127.0.0.1:3000",
  hostScheme: "http",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

type Verdicts = { ours: unknown; library: unknown };
let server: http.Server;
let url = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const ours = verifyShopifyWebhook(
          rawBody,
          (name) => {
            const value = req.headers[name];
            return Array.isArray(value) ? value.join(", ") : value;
          },
          SECRET,
        );
        // What @remix-run/node builds from Node's request, and the app gave the library.
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (Array.isArray(value)) for (const v of value) headers.append(name, v);
          else if (value !== undefined) headers.set(name, value);
        }
        const request = new Request(`http://127.0.0.1:3000${req.url}`, { method: "POST", headers });
        const verdict = await library.webhooks.validate({ rawBody, rawRequest: request });
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ ours, library: verdict } satisfies Verdicts));
      })().catch((error: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ ours: "error", library: String(error) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/orders/create`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes with these header lines (a name given twice is sent twice) and returns both verdicts. */
function send(body: Buffer, headers: [string, string][]): Promise<Verdicts> {
  const lines = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const line = lines.get(name.toLowerCase()) ?? { name, values: [] };
    line.values.push(value);
    lines.set(name.toLowerCase(), line);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: Object.fromEntries([...lines.values()].map((l) => [l.name, l.values])),
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Verdicts));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const sign = (data: Buffer | string, secret = SECRET) =>
  createHmac("sha256", secret).update(data).digest("base64");

function allFixtures(dir = fixturesDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? allFixtures(full) : /\.(json|txt|md)$/.test(entry.name) ? [full] : [];
  });
}

type Variant = { name: string; body: Buffer; headers: [string, string][] };

function variants(raw: Buffer): Variant[] {
  const text = raw.toString("utf8");
  const good = sign(text);
  const webhook = (hmac: string | null, extra: [string, string][] = [], omit: string[] = []) => {
    const base: [string, string][] = [
      ["X-Shopify-Topic", "orders/create"],
      ["X-Shopify-Shop-Domain", "demo-store.myshopify.com"],
      ["X-Shopify-API-Version", SHOPIFY_API_VERSION],
      ["X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"],
      ["X-Shopify-Triggered-At", "2026-01-05T10:00:00Z"],
      ["X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5"],
    ];
    const headers = base.filter(([name]) => !omit.includes(name));
    return [
      ...(hmac === null ? [] : [["X-Shopify-Hmac-Sha256", hmac] as [string, string]]),
      ...headers,
      ...extra,
    ];
  };
  const tampered = Buffer.from(raw);
  const middle = Math.floor(tampered.length / 2);
  if (tampered.length) tampered[middle] = (tampered[middle] ?? 0) ^ 0x01;
  const events: [string, string][] = [
    ["shopify-hmac-sha256", good],
    ["shopify-topic", "orders/create"],
    ["shopify-shop-domain", "demo-store.myshopify.com"],
    ["shopify-api-version", SHOPIFY_API_VERSION],
    ["shopify-webhook-id", "wh-1"],
    ["shopify-handle", "h"],
    ["shopify-action", "create"],
  ];
  const invalidUtf8 = Buffer.concat([raw, Buffer.from([0xff, 0xfe, 0xc3])]);
  return [
    { name: "signed", body: raw, headers: webhook(good) },
    {
      name: "signed, optional headers absent",
      body: raw,
      headers: webhook(good, [], ["X-Shopify-Triggered-At", "X-Shopify-Event-Id"]),
    },
    { name: "forged secret", body: raw, headers: webhook(sign(text, "wrong-secret")) },
    { name: "body changed after signing", body: tampered, headers: webhook(good) },
    { name: "body truncated", body: raw.subarray(0, Math.floor(raw.length / 2)), headers: webhook(good) },
    { name: "no HMAC header", body: raw, headers: webhook(null) },
    { name: "empty HMAC header", body: raw, headers: webhook("") },
    {
      name: "HMAC in hex",
      body: raw,
      headers: webhook(createHmac("sha256", SECRET).update(text).digest("hex")),
    },
    { name: "HMAC without padding", body: raw, headers: webhook(good.replace(/=+$/, "")) },
    { name: "HMAC with spaces around", body: raw, headers: webhook(` ${good} `) },
    { name: "HMAC header twice", body: raw, headers: webhook(good, [["X-Shopify-Hmac-Sha256", good]]) },
    {
      name: "HMAC header in lower case",
      body: raw,
      headers: [["x-shopify-hmac-sha256", good], ...webhook(null)],
    },
    { name: "signed, topic missing", body: raw, headers: webhook(good, [], ["X-Shopify-Topic"]) },
    { name: "signed, domain missing", body: raw, headers: webhook(good, [], ["X-Shopify-Shop-Domain"]) },
    { name: "signed, API version missing", body: raw, headers: webhook(good, [], ["X-Shopify-API-Version"]) },
    { name: "signed, webhook id missing", body: raw, headers: webhook(good, [], ["X-Shopify-Webhook-Id"]) },
    {
      name: "signed, every routing header missing",
      body: raw,
      headers: webhook(
        good,
        [],
        ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"],
      ),
    },
    {
      name: "signed, empty topic",
      body: raw,
      headers: webhook(good, [["X-Shopify-Topic", ""]], ["X-Shopify-Topic"]),
    },
    { name: "signed, topic twice", body: raw, headers: webhook(good, [["X-Shopify-Topic", "orders/paid"]]) },
    { name: "Events headers, signed", body: raw, headers: events },
    {
      name: "Events headers, forged",
      body: raw,
      headers: [["shopify-hmac-sha256", sign(text, "x")], ...events.slice(1)],
    },
    {
      name: "Events headers, webhook id missing",
      body: raw,
      headers: events.filter(([n]) => n !== "shopify-webhook-id"),
    },
    {
      name: "Events HMAC beside a Webhooks HMAC",
      body: raw,
      headers: [...webhook(sign(text, "x")), ["shopify-hmac-sha256", good]],
    },
    { name: "empty body", body: Buffer.alloc(0), headers: webhook(sign("")) },
    { name: "invalid UTF-8 signed over the bytes", body: invalidUtf8, headers: webhook(sign(invalidUtf8)) },
    {
      name: "invalid UTF-8 signed over the text",
      body: invalidUtf8,
      headers: webhook(sign(invalidUtf8.toString("utf8"))),
    },
  ];
}

const files = allFixtures();

describe("verifyShopifyWebhook equals the Shopify library's webhooks.validate", () => {
  it("covers every sample in fixtures/", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [path.relative(fixturesDir, file), file]))("%s", async (_name, file) => {
    for (const variant of variants(fs.readFileSync(file))) {
      const { ours, library: theirs } = await send(variant.body, variant.headers);
      expect(ours, `${variant.name}: ${JSON.stringify(theirs)}`).toEqual(theirs);
    }
  });

  it("agrees on the verdicts that matter: valid, invalid_hmac, missing_headers, missing_hmac, missing_body", async () => {
    const raw = fs.readFileSync(path.join(fixturesDir, "shopify/orders_create.json"));
    const seen = new Set<string>();
    for (const variant of variants(raw)) {
      const { ours } = await send(variant.body, variant.headers);
      const verdict = ours as { valid: boolean; reason?: string };
      seen.add(verdict.valid ? "valid" : (verdict.reason ?? ""));
    }
    expect([...seen].sort()).toEqual([
      "invalid_hmac",
      "missing_body",
      "missing_headers",
      "missing_hmac",
      "valid",
    ]);
  });
});
