// The dashboard's figures for one shop and period, counted in the database. Each figure counts the
// events that happened in the period (not a cohort of emails sent in it):
// - entered: journeys that started;            - sent: emails handed to SendGrid or the outbox;
// - delivered / opened / clicked: first delivery, open and click per email (opens by Apple Mail
//   Privacy Protection and similar never set openedAt, see app/email/delivery/effects.ts);
// - answered: emails with at least one confirmed answer (provisional or scanner clicks never count),
//   and orders answered on the Thank-you or Order status page — split by source in answeredBySource;
// - converted / revenue: orders attributed to a campaign email.
// Test emails the merchant sent to themselves (sendId "test:…") are not campaign emails: left out.
import type { Db } from "../db.server";
import { CAMPAIGN_KINDS, isCampaignKind, type CampaignKind } from "../campaigns/kinds";
import { TEST_SEND_PREFIX } from "../email/test-sends";
import { MESSAGE_STATUSES, wasSubmitted } from "../email/message-status";
import { readShop } from "../shops/shops.server";
import { npsSummary, type NpsSummary } from "./nps";
import type { CampaignFigures, FunnelStage } from "./stages";

export { FUNNEL_STAGES, type CampaignFigures } from "./stages";

export type DashboardFigures = {
  currency: string;
  campaigns: Record<CampaignKind, CampaignFigures>;
  total: CampaignFigures;
  /** Attributed orders in other currencies than the shop's (minor units per currency), never mixed in. */
  otherCurrencies: Record<string, number>;
  /** "Answered", all campaigns, by where the customer answered (Answer.source: email, Thank-you page…). */
  answeredBySource: Record<string, number>;
  nps: NpsSummary;
};

const SUBMITTED = MESSAGE_STATUSES.filter(wasSubmitted);
const empty = (): CampaignFigures => ({
  entered: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  answered: 0,
  converted: 0,
  revenueCents: 0,
});

type Period = { start: Date; end: Date };

export async function dashboardFigures(db: Db, shop: string, period: Period): Promise<DashboardFigures> {
  const at = { gte: period.start, lt: period.end };
  const notTest = { OR: [{ sendId: null }, { sendId: { not: { startsWith: TEST_SEND_PREFIX } } }] };
  const count = (where: object) =>
    db.message.groupBy({ by: ["campaign"], where: { shop, ...notTest, ...where }, _count: { _all: true } });

  const [shopRow, entered, sent, delivered, opened, clicked, answers, testMessages, conversions] =
    await Promise.all([
      readShop(db, shop),
      db.journey.groupBy({ by: ["campaign"], where: { shop, enteredAt: at }, _count: { _all: true } }),
      count({ submittedAt: at, status: { in: SUBMITTED } }),
      count({ deliveredAt: at }),
      count({ openedAt: at }),
      count({ clickedAt: at }),
      db.answer.findMany({
        where: { shop, answeredAt: at },
        select: {
          messageId: true,
          orderId: true,
          source: true,
          campaign: true,
          questionKey: true,
          value: true,
        },
      }),
      db.message.findMany({
        where: { shop, sendId: { startsWith: TEST_SEND_PREFIX } },
        select: { id: true },
      }),
      db.conversion.groupBy({
        by: ["campaign", "currency"],
        where: { shop, orderedAt: at },
        _count: { _all: true },
        _sum: { amountCents: true },
      }),
    ]);
  const currency = shopRow.currency;

  const campaigns = Object.fromEntries(CAMPAIGN_KINDS.map((k) => [k, empty()])) as Record<
    CampaignKind,
    CampaignFigures
  >;
  const figuresOf = (campaign: string) => (isCampaignKind(campaign) ? campaigns[campaign] : null);
  const add = (rows: { campaign: string; _count: { _all: number } }[], stage: FunnelStage) => {
    for (const row of rows) {
      const figures = figuresOf(row.campaign);
      if (figures) figures[stage] += row._count._all;
    }
  };
  add(entered, "entered");
  add(sent, "sent");
  add(delivered, "delivered");
  add(opened, "opened");
  add(clicked, "clicked");

  const tests = new Set(testMessages.map((m) => m.id));
  const real = answers.filter((a) => !a.messageId || !tests.has(a.messageId));
  // One "answered" per message asked (or, for answers given on a page, per order).
  const answered = new Map<string, { campaign: string; source: string }>(
    real.map((a) => [a.messageId ?? `${a.source}:${a.orderId ?? ""}`, a]),
  );
  const answeredBySource: Record<string, number> = {};
  for (const { campaign, source } of answered.values()) {
    const figures = figuresOf(campaign);
    if (!figures) continue;
    figures.answered += 1;
    answeredBySource[source] = (answeredBySource[source] ?? 0) + 1;
  }

  const otherCurrencies: Record<string, number> = {};
  for (const row of conversions) {
    const figures = figuresOf(row.campaign);
    if (!figures) continue;
    figures.converted += row._count._all;
    const cents = row._sum.amountCents ?? 0;
    if (row.currency === currency) figures.revenueCents += cents;
    else otherCurrencies[row.currency] = (otherCurrencies[row.currency] ?? 0) + cents;
  }

  const total = empty();
  for (const figures of Object.values(campaigns)) {
    for (const key of Object.keys(total) as (keyof CampaignFigures)[]) total[key] += figures[key];
  }
  const nps = npsSummary(real.filter((a) => a.questionKey === "nps").map((a) => a.value));
  return { currency, campaigns, total, otherCurrencies, answeredBySource, nps };
}

/** What a new merchant should do first: nothing when a campaign is on and HubSpot is connected. */
export async function setupState(db: Db, shop: string) {
  const [enabled, connection] = await Promise.all([
    db.campaignConfig.count({ where: { shop, enabled: true } }),
    db.crmConnection.findUnique({ where: { shop }, select: { status: true, portalId: true } }),
  ]);
  return {
    campaignsOn: enabled,
    hubspot: connection ? { status: connection.status, portalId: connection.portalId } : null,
  };
}
