// Issue 8 acceptance: the dashboard's figures equal counts computed directly from the database for a
// seeded scenario — journeys, emails at every status, answers (NPS included), conversions in two
// currencies, test emails, rows outside the period and another shop's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAMPAIGN_KINDS } from "../app/campaigns/kinds";
import { dashboardFigures } from "../app/dashboard/metrics.server";
import { lastDays } from "../app/dashboard/range";
import db from "../app/db.server";
import { wasSubmitted } from "../app/email/message-status";
import { installClock } from "../app/lib/app-clock.server";
import { ManualClock, systemClock } from "../app/lib/clock";
import { adminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { seedShop } from "./helpers/shopify";

const SHOP = "figures-store.myshopify.com";
const OTHER = "other-figures.myshopify.com";
const NOW = new Date();
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so the scenario is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedScenario(shop: string, seed: number) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const daysAgo = () => new Date(NOW.getTime() - rnd() * 45 * DAY); // some inside the 30-day period, some before
  const maybe = (p: number, at: Date) => (rnd() < p ? new Date(at.getTime() + rnd() * 3_600_000) : null);
  for (let i = 0; i < 60; i++) {
    const campaign = pick(CAMPAIGN_KINDS);
    const email = `c${i}@example.com`;
    const journey = await db.journey.create({
      data: { shop, campaign, subjectKey: `s${i}`, email, enteredAt: daysAgo(), context: {} },
    });
    for (let m = 0; m < 1 + Math.floor(rnd() * 2); m++) {
      const submittedAt = daysAgo();
      const status = pick([
        "queued",
        "sending",
        "rejected",
        "sent",
        "delivered",
        "opened",
        "clicked",
        "bounced",
      ] as const);
      const deliveredAt = ["delivered", "opened", "clicked"].includes(status)
        ? maybe(0.95, submittedAt)
        : null;
      const openedAt = ["opened", "clicked"].includes(status) ? maybe(0.9, submittedAt) : null;
      const clickedAt = status === "clicked" ? maybe(0.9, submittedAt) : null;
      const test = rnd() < 0.1;
      const message = await db.message.create({
        data: {
          shop,
          sendId: test ? `test:${shop}-${i}-${m}` : rnd() < 0.1 ? null : `send-${shop}-${i}-${m}`,
          campaign,
          step: "x",
          toEmail: email,
          fromAddr: "a@b.c",
          subject: "s",
          headers: {},
          html: "",
          text: "",
          transport: "outbox",
          status,
          submittedAt,
          deliveredAt,
          openedAt,
          clickedAt,
        },
      });
      if (rnd() < 0.5) {
        const answeredAt = new Date(submittedAt.getTime() + rnd() * 4 * DAY);
        const key =
          campaign === "post_purchase" ? "nps" : campaign === "vip" ? "vip_perk" : "cart_abandon_reason";
        const value = key === "nps" ? String(Math.floor(rnd() * 11)) : "price";
        await db.answer.create({
          data: {
            shop,
            messageId: message.id,
            campaign,
            questionKey: key,
            value,
            email,
            channel: "link",
            answeredAt,
          },
        });
        if (key === "nps" && rnd() < 0.5) {
          await db.answer.create({
            data: {
              shop,
              messageId: message.id,
              campaign,
              questionKey: "nps_loved",
              value: "price",
              email,
              channel: "link",
              answeredAt,
            },
          });
        }
      }
    }
    if (campaign === "abandoned_cart" && rnd() < 0.4) {
      await db.conversion.create({
        data: {
          shop,
          campaign,
          journeyId: journey.id,
          orderId: `o-${i}`,
          step: "reminder",
          amountCents: Math.floor(rnd() * 20_000),
          currency: rnd() < 0.8 ? "USD" : "EUR",
          orderedAt: daysAgo(),
        },
      });
    }
  }
}

let app: Awaited<ReturnType<typeof startBuiltApp>>;

beforeAll(async () => {
  await seedShop(SHOP, { name: "Figures Store" });
  await seedShop(OTHER);
  await seedScenario(SHOP, 1);
  await seedScenario(OTHER, 2);
  app = await startBuiltApp();
});
afterAll(async () => {
  await app?.close();
});

describe("dashboard figures", () => {
  const period = lastDays(30, NOW, "UTC");
  const inPeriod = (at: Date | null) => at !== null && at >= period.start && at < period.end;

  it("equal counts computed directly from the database", async () => {
    // Every row of each table, filtered here — not the queries the dashboard uses.
    const [journeys, messages, answers, conversions] = await Promise.all([
      db.journey.findMany(),
      db.message.findMany(),
      db.answer.findMany(),
      db.conversion.findMany(),
    ]);
    const campaignMessages = messages.filter((m) => m.shop === SHOP && !(m.sendId ?? "").startsWith("test:"));
    const testIds = new Set(messages.filter((m) => (m.sendId ?? "").startsWith("test:")).map((m) => m.id));
    const realAnswers = answers.filter(
      (a) => a.shop === SHOP && inPeriod(a.answeredAt) && !testIds.has(a.messageId ?? ""),
    );

    const figures = await dashboardFigures(db, SHOP, period);
    for (const campaign of CAMPAIGN_KINDS) {
      const mine = campaignMessages.filter((m) => m.campaign === campaign);
      const orders = conversions.filter(
        (c) => c.shop === SHOP && c.campaign === campaign && inPeriod(c.orderedAt),
      );
      expect(figures.campaigns[campaign], campaign).toEqual({
        entered: journeys.filter((j) => j.shop === SHOP && j.campaign === campaign && inPeriod(j.enteredAt))
          .length,
        sent: mine.filter((m) => wasSubmitted(m.status) && inPeriod(m.submittedAt)).length,
        delivered: mine.filter((m) => inPeriod(m.deliveredAt)).length,
        opened: mine.filter((m) => inPeriod(m.openedAt)).length,
        clicked: mine.filter((m) => inPeriod(m.clickedAt)).length,
        answered: new Set(realAnswers.filter((a) => a.campaign === campaign).map((a) => a.messageId)).size,
        converted: orders.length,
        revenueCents: orders.filter((c) => c.currency === "USD").reduce((sum, c) => sum + c.amountCents, 0),
      });
    }
    const eur = conversions
      .filter((c) => c.shop === SHOP && inPeriod(c.orderedAt) && c.currency === "EUR")
      .reduce((sum, c) => sum + c.amountCents, 0);
    expect(figures.otherCurrencies).toEqual(eur ? { EUR: eur } : {});

    const scores = realAnswers.filter((a) => a.questionKey === "nps").map((a) => Number(a.value));
    const promoters = scores.filter((s) => s >= 9).length;
    const detractors = scores.filter((s) => s <= 6).length;
    expect(figures.nps.responses).toBe(scores.length);
    expect(figures.nps.score).toBe(Math.round(((promoters - detractors) / scores.length) * 100));
    expect(figures.nps.distribution).toEqual(
      Array.from({ length: 11 }, (_, s) => scores.filter((x) => x === s).length),
    );

    // The scenario exercises what the figures leave out.
    expect(campaignMessages.some((m) => !wasSubmitted(m.status) && inPeriod(m.submittedAt))).toBe(true);
    expect(testIds.size).toBeGreaterThan(0);
    expect(figures.total.sent).toBeGreaterThan(0);
    expect(scores.length).toBeGreaterThan(2);
  });

  it("are what the dashboard page shows, for the session's shop", async () => {
    const res = await adminClient(app.url, SHOP).load("/app?days=30", "routes/app._index");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { figures: unknown };
    expect(body.figures).toEqual(
      JSON.parse(JSON.stringify(await dashboardFigures(db, SHOP, lastDays(30, new Date(), "UTC")))),
    );
    const page = await adminClient(app.url, SHOP).page("/app?days=30");
    const html = await page.text();
    expect(html).toContain("Net Promoter Score");
    expect(html).toContain("By campaign");
  });

  it("count the period on the app clock: a week moved forward is still inside 'last 7 days'", async () => {
    // What the sandbox's "+7 days" does: the built app reads the clock installed here.
    const later = new ManualClock(new Date(NOW.getTime() + 7 * DAY));
    const shop = "clock-store.myshopify.com";
    await seedShop(shop, { name: "Clock Store" });
    await db.journey.create({
      data: {
        shop,
        campaign: "vip",
        subjectKey: "s",
        email: "v@example.com",
        enteredAt: later.now(),
        context: {},
      },
    });
    installClock(later);
    try {
      const res = await adminClient(app.url, shop).load("/app?days=7", "routes/app._index");
      const body = (await res.json()) as { figures: { campaigns: { vip: { entered: number } } } };
      expect(body.figures.campaigns.vip.entered).toBe(1);
    } finally {
      installClock(systemClock);
    }
  });

  it("show a new shop what to do first", async () => {
    const fresh = "fresh-store.myshopify.com";
    await seedShop(fresh, { name: "Fresh Store" });
    const html = await (await adminClient(app.url, fresh).page("/app")).text();
    expect(html).toContain("Get started");
    expect(html).toContain("Turn a campaign on");
    expect(html).toContain("Connect HubSpot");
  });
});
