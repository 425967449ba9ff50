// Issue 15 (4): "Only when…" — an agency sets "only carts of at least 50 €" in the campaign editor
// (the built app, with the shop's session token); a checkout of 49.99 € is skipped with the reason
// on the customer's timeline, one of 50 € gets its emails. The same for a post-purchase minimum
// order value. Conditions are validated on save and travel in the agency's configuration file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfigFile } from "../app/agency/config-file";
import { saveCampaign } from "../app/campaigns/config.server";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { HOUR, ManualClock } from "../app/lib/clock";
import { adminClient, type AdminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { campaignStore, type Customer } from "./helpers/campaign-store";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

const SHOP = "conditions-store.myshopify.com";
const OTHER = "conditions-other.myshopify.com";
const ANA: Customer = { id: "6001", email: "ana@example.com" };
const EDITOR = "routes/app.campaigns.$kind";
const TIMELINE = "routes/app.sends.timeline";
const clock = new ManualClock("2026-01-05T10:00:00Z");
installClock(clock);
const store = campaignStore(SHOP, clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
let admin: AdminClient;

type Json = Record<string, unknown>;
type Settings = Json & { conditions: unknown[] };

async function settingsOf(kind: string) {
  const res = await admin.load(`/app/campaigns/${kind}`, EDITOR);
  expect(res.status).toBe(200);
  return ((await res.json()) as { form: { settings: Settings } }).form.settings;
}
const save = (kind: string, settings: Settings) =>
  admin.act(`/app/campaigns/${kind}`, EDITOR, { intent: "save", settings: JSON.stringify(settings) });

async function timeline(email: string) {
  const res = await admin.load(`/app/sends/timeline?email=${encodeURIComponent(email)}`, TIMELINE);
  expect(res.status).toBe(200);
  const data = (await res.json()) as {
    events: { kind: string; reason: string | null; campaignLabel: string }[];
  };
  return data.events.map((e) => [e.campaignLabel, e.kind, e.reason]);
}

beforeAll(async () => {
  for (const shop of [SHOP, OTHER])
    await seedShop(shop, {
      customers: [
        {
          id: ANA.id,
          email: ANA.email,
          numberOfOrders: 1,
          amountSpent: "10.00",
          currencyCode: "EUR",
          tags: [],
          marketingState: "SUBSCRIBED",
        },
      ],
    });
  await runJobs(); // shop sync
  await db.shop.updateMany({ data: { currency: "EUR" } });
  for (const kind of ["abandoned_cart", "post_purchase"] as const)
    await saveCampaign(db, SHOP, kind, { enabled: true });
  await store.consent(ANA, "subscribed");
  app = await startBuiltApp();
  admin = adminClient(app.url, SHOP);
});
afterAll(async () => {
  await app?.close();
});

describe("only carts over 50 €", () => {
  it("the editor refuses a condition the campaign cannot know, or a negative amount, and saves nothing", async () => {
    const before = await db.campaignConfig.findMany({ where: { shop: SHOP }, orderBy: { kind: "asc" } });
    const cart = await settingsOf("abandoned_cart");
    const negative = await save("abandoned_cart", {
      ...cart,
      conditions: [{ field: "cart.total", op: "gte", value: -100 }],
    });
    expect(negative.status).toBe(422);
    expect(((await negative.json()) as Json).errors).toEqual({ "conditions.0.value": "Must be at least 0." });
    const survey = await settingsOf("post_purchase");
    const unknown = await save("post_purchase", {
      ...survey,
      conditions: [{ field: "cart.total", op: "gte", value: 5000 }],
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as Json).errors).toEqual({
      "conditions.0.field": "Cart value is not known to this campaign.",
    });
    expect(await db.campaignConfig.findMany({ where: { shop: SHOP }, orderBy: { kind: "asc" } })).toEqual(
      before,
    );
  });

  it("a 49.99 € cart is skipped with the reason on the timeline; a 50 € cart enters and its reminder goes out", async () => {
    const cart = await settingsOf("abandoned_cart");
    expect(cart.conditions).toEqual([]);
    const saved = await save("abandoned_cart", {
      ...cart,
      conditions: [{ field: "cart.total", op: "gte", value: 5000 }],
    });
    expect(saved.status).toBe(200);
    expect((await settingsOf("abandoned_cart")).conditions).toEqual([
      { field: "cart.total", op: "gte", value: 5000 },
    ]);

    await store.checkout(ANA, "tok-small", { total_price: "49.99", currency: "EUR" });
    expect(await db.journey.count({ where: { shop: SHOP, subjectKey: "tok-small" } })).toBe(0);
    expect((await timeline(ANA.email)).at(-1)).toEqual([
      "Abandoned cart",
      "skipped",
      "only when cart value is at least €50.00 (it was €49.99)",
    ]);

    await store.checkout(ANA, "tok-big", { total_price: "50.00", currency: "EUR" });
    expect(await db.journey.findFirst({ where: { shop: SHOP, subjectKey: "tok-big" } })).toMatchObject({
      state: "active",
    });
    await store.advance(HOUR);
    expect(
      await db.message.findMany({
        where: { shop: SHOP, campaign: "abandoned_cart" },
        select: { toEmail: true },
      }),
    ).toEqual([{ toEmail: ANA.email }]);
    expect((await timeline(ANA.email)).slice(-4)).toEqual([
      ["Abandoned cart", "entered", null],
      ["Abandoned cart", "scheduled", "reminder"],
      ["Abandoned cart", "sent", "reminder"],
      ["Abandoned cart", "scheduled", "discount"],
    ]);
  });

  it("post-purchase: only orders of at least 50 €", async () => {
    const survey = await settingsOf("post_purchase");
    expect(
      (
        await save("post_purchase", {
          ...survey,
          conditions: [{ field: "order.total", op: "gte", value: 5000 }],
        })
      ).status,
    ).toBe(200);
    await store.order("orders/fulfilled", ANA, 8001, { total_price: "20.00", currency: "EUR" });
    expect(await db.journey.count({ where: { shop: SHOP, campaign: "post_purchase" } })).toBe(0);
    expect((await timeline(ANA.email)).at(-1)).toEqual([
      "Post-purchase survey",
      "skipped",
      "only when order value is at least €50.00 (it was €20.00)",
    ]);
    await store.order("orders/fulfilled", ANA, 8002, { total_price: "80.00", currency: "EUR" });
    expect(await db.journey.findFirst({ where: { shop: SHOP, subjectKey: "8002" } })).toMatchObject({
      campaign: "post_purchase",
      state: "active",
    });
  });

  it("the conditions travel in the agency's configuration file to another store", async () => {
    const res = await admin.resource("/app/agency.json");
    expect(res.status).toBe(200);
    const read = readConfigFile(await res.text());
    if (!read.ok) throw new Error(read.problems.join("; "));
    expect(read.file.campaigns.abandoned_cart?.settings).toMatchObject({
      conditions: [{ field: "cart.total", op: "gte", value: 5000 }],
    });
    const other = adminClient(app.url, OTHER);
    const file = JSON.stringify(read.file);
    const preview = (await (
      await other.act("/app/agency", "routes/app.agency", {
        intent: "preview",
        source: "file",
        file,
        fileName: "c.json",
      })
    ).json()) as { changes: { label: string; before: string; after: string }[] };
    expect(preview.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          label: "Abandoned cart › Condition 1 › Field",
          before: "(not set)",
          after: "cart.total",
        }),
        expect.objectContaining({ label: "Abandoned cart › Condition 1 › Value", after: "5000" }),
      ]),
    );
    const applied = await other.act("/app/agency", "routes/app.agency", {
      intent: "apply",
      source: "file",
      file,
      fileName: "c.json",
    });
    expect(applied.status).toBe(200);
    const imported = await db.campaignConfig.findUniqueOrThrow({
      where: { shop_kind: { shop: OTHER, kind: "abandoned_cart" } },
    });
    expect(imported.settings).toMatchObject({
      conditions: [{ field: "cart.total", op: "gte", value: 5000 }],
    });

    // A file whose condition is wrong is refused, naming it.
    const bad = structuredClone(read.file);
    bad.campaigns.post_purchase = {
      enabled: true,
      settings: { conditions: [{ field: "vip.tier", op: "is", value: "gold" }] },
    };
    const refused = (await (
      await other.act("/app/agency", "routes/app.agency", {
        intent: "apply",
        source: "file",
        file: JSON.stringify(bad),
        fileName: "bad.json",
      })
    ).json()) as { ok: boolean; problems: string[] };
    expect(refused).toMatchObject({
      ok: false,
      problems: [
        "Post-purchase survey › Condition 1 › Field: VIP tier reached is not known to this campaign.",
      ],
    });
  });
});
