// Issue 15 (3): one module owns journey and send state. Uninstalling ends every journey and
// cancels every send, each on the customer's timeline, so that after a reinstall the same customer's
// next checkout starts a journey again and its email goes out (it used to be skipped: "already in an
// active journey"). Exit conditions act when their event arrives, not only right before a send.
import { beforeEach, describe, expect, it } from "vitest";
import { saveCampaign } from "../app/campaigns/config.server";
import { customerTimeline } from "../app/campaigns/pending.server";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { DAY, HOUR, ManualClock, MINUTE } from "../app/lib/clock";
import { campaignStore, type Customer } from "./helpers/campaign-store";
import { resetDatabase } from "./helpers/db";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";

const SHOP = "lifecycle-store.myshopify.com";
const JANE: Customer = { id: "5001", email: "jane@example.com" };
const BOB: Customer = { id: "5002", email: "bob@example.com" };
const clock = new ManualClock("2026-01-05T10:00:00Z"); // Monday 10:00 UTC, outside quiet hours
installClock(clock);
const store = campaignStore(SHOP, clock);

const customers = [JANE, BOB].map((c) => ({
  id: c.id,
  email: c.email,
  numberOfOrders: 0,
  amountSpent: "0.00",
  currencyCode: "USD",
  tags: [],
  marketingState: "SUBSCRIBED",
}));

/** What Shopify's admin does on (re)install: token exchange stores an offline session, afterAuth records the install. */
const install = () => seedShop(SHOP, { customers });

const timeline = async (who: Customer) =>
  (await customerTimeline(db, SHOP, { email: who.email }, { limit: 200 }))!.events.map((e) => [
    e.kind,
    e.reason,
  ]);

beforeEach(async () => {
  await resetDatabase();
  clock.set("2026-01-05T10:00:00Z");
  await install();
  for (const kind of ["abandoned_cart", "post_purchase"] as const)
    await saveCampaign(db, SHOP, kind, { enabled: true });
  await runJobs();
  await store.consent(JANE, "subscribed");
  await store.consent(BOB, "subscribed");
});

describe("uninstall and reinstall", () => {
  it("ends every journey and cancels every send with the reason; after reinstalling, Jane's next checkout gets its journey and its email", async () => {
    await store.checkout(JANE, "tok-1");
    await store.order("orders/fulfilled", BOB, 7001);
    expect(await db.journey.count({ where: { shop: SHOP, state: "active" } })).toBe(2);
    expect(await db.scheduledSend.count({ where: { shop: SHOP, state: "scheduled" } })).toBe(2);

    await store.advance(10 * MINUTE);
    await store.deliver("app/uninstalled", { id: 1, name: "Lifecycle", domain: SHOP });

    expect(await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({
      uninstalledAt: expect.any(Date),
    });
    expect(
      await db.journey.findMany({
        where: { shop: SHOP },
        select: { campaign: true, state: true, exitReason: true },
      }),
    ).toEqual(
      expect.arrayContaining([
        { campaign: "abandoned_cart", state: "exited", exitReason: "app uninstalled" },
        { campaign: "post_purchase", state: "exited", exitReason: "app uninstalled" },
      ]),
    );
    expect(
      await db.scheduledSend.findMany({
        where: { shop: SHOP },
        select: { step: true, state: true, reason: true },
      }),
    ).toEqual(
      expect.arrayContaining([
        { step: "reminder", state: "cancelled", reason: "app uninstalled" },
        { step: "survey", state: "cancelled", reason: "app uninstalled" },
      ]),
    );
    expect((await timeline(JANE)).slice(-2)).toEqual([
      ["cancelled", "reminder: app uninstalled"],
      ["exited", "app uninstalled"],
    ]);
    expect((await timeline(BOB)).slice(-2)).toEqual([
      ["cancelled", "survey: app uninstalled"],
      ["exited", "app uninstalled"],
    ]);

    // While uninstalled nothing goes out and nothing starts.
    await store.checkout(JANE, "tok-2");
    expect((await timeline(JANE)).at(-1)).toEqual(["skipped", "app uninstalled"]);
    await store.advance(2 * DAY);
    expect(await db.message.count()).toBe(0);

    await install();
    await runJobs();
    await store.checkout(JANE, "tok-3");
    expect(await db.journey.findFirst({ where: { shop: SHOP, subjectKey: "tok-3" } })).toMatchObject({
      state: "active",
    });
    await store.advance(HOUR);
    expect(
      await db.message.findMany({ where: { shop: SHOP }, select: { toEmail: true, step: true } }),
    ).toEqual([{ toEmail: JANE.email, step: "reminder" }]);
    expect((await timeline(JANE)).slice(-4)).toEqual([
      ["entered", null],
      ["scheduled", "reminder"],
      ["sent", "reminder"],
      ["scheduled", "discount"],
    ]);
  });
});

describe("exit conditions act when their event arrives", () => {
  it("consent withdrawn in Shopify ends the journey at once, with the reason", async () => {
    await store.checkout(JANE, "tok-4");
    await store.consent(JANE, "unsubscribed");
    expect(await db.journey.findFirstOrThrow({ where: { subjectKey: "tok-4" } })).toMatchObject({
      state: "exited",
      exitReason: "email marketing state is unsubscribed",
    });
    expect((await timeline(JANE)).slice(-2)).toEqual([
      ["cancelled", "reminder: email marketing state is unsubscribed"],
      ["exited", "email marketing state is unsubscribed"],
    ]);
    // Re-subscribing does not bring the ended journey back.
    await store.consent(JANE, "subscribed");
    await store.advance(2 * HOUR);
    expect(await db.message.count()).toBe(0);
  });

  it("so does a customers/update that still carries consent (payloads before 2025-01)", async () => {
    await store.checkout(BOB, "tok-8");
    await store.deliver("customers/update", {
      ...fixture("shopify/customers_update.legacy_pre_2025-01_shape.json"),
      id: Number(BOB.id),
      email: BOB.email,
    });
    expect(await db.journey.findFirstOrThrow({ where: { subjectKey: "tok-8" } })).toMatchObject({
      state: "exited",
      exitReason: "not subscribed to email marketing (not_subscribed)",
    });
  });

  it("a completed checkout ends its own journey only", async () => {
    await store.checkout(JANE, "tok-5");
    await store.checkout(BOB, "tok-6");
    await store.deliver("checkouts/update", {
      token: "tok-5",
      email: JANE.email,
      line_items: [],
      completed_at: clock.now().toISOString(),
    });
    expect(await db.journey.findFirstOrThrow({ where: { subjectKey: "tok-5" } })).toMatchObject({
      state: "exited",
      exitReason: "checkout completed",
    });
    expect(await db.journey.findFirstOrThrow({ where: { subjectKey: "tok-6" } })).toMatchObject({
      state: "active",
    });
  });

  it("an order ends the customer's cart journey but not their survey", async () => {
    await store.order("orders/fulfilled", JANE, 7002);
    await store.checkout(JANE, "tok-7");
    await store.order("orders/create", JANE, 7003);
    expect(
      await db.journey.findMany({
        where: { shop: SHOP, email: JANE.email },
        select: { campaign: true, state: true, exitReason: true },
        orderBy: { campaign: "asc" },
      }),
    ).toEqual([
      { campaign: "abandoned_cart", state: "exited", exitReason: "the customer placed an order" },
      { campaign: "post_purchase", state: "active", exitReason: null },
    ]);
  });
});
