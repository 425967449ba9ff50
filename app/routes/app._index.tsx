// The dashboard: per campaign over a chosen period — entered, sent, delivered, opened, clicked,
// answered, converted and recovered revenue — as a table and a funnel, and the NPS score with its
// distribution. A new shop sees what to do first instead (turn a campaign on, connect HubSpot).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { readShop } from "../shops/shops.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS } from "../campaigns/kinds";
import { AnswersBySource } from "../components/answers-by-source";
import { ClientOnly } from "../components/client-only";
import { FunnelFigures, NpsDistribution } from "../components/dashboard-charts";
import { DateRangeForm } from "../components/date-range-form";
import { dashboardFigures, setupState } from "../dashboard/metrics.server";
import { FUNNEL_STAGES, type CampaignFigures } from "../dashboard/stages";
import { parseDateRange } from "../dashboard/range";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { formatMoney } from "../lib/money";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await readShop(db, session.shop);
  const url = new URL(request.url);
  // The app clock: the sandbox moves it, and its "+7 days" must still be inside "last 7 days".
  const range = parseDateRange(url.searchParams, appClock.now(), shop.timezone);
  const [figures, setup] = await Promise.all([
    dashboardFigures(db, session.shop, range),
    setupState(db, session.shop),
  ]);
  const explicit = url.searchParams.has("from") && !range.problem;
  return json({
    shopName: shop.name,
    timezone: shop.timezone,
    range: { from: range.from, to: range.to, days: explicit ? null : range.days, problem: range.problem },
    figures,
    setup,
  });
};

const STAGE_LABELS: Record<(typeof FUNNEL_STAGES)[number], string> = {
  entered: "Entered",
  sent: "Sent",
  delivered: "Delivered",
  opened: "Opened",
  clicked: "Clicked",
  answered: "Answered",
  converted: "Converted",
};

function SetupSteps({
  setup,
}: {
  setup: { campaignsOn: number; hubspot: { status: string; portalId: string } | null };
}) {
  const hubspotOk = setup.hubspot?.status === "connected";
  if (setup.campaignsOn > 0 && hubspotOk) return null;
  const step = (done: boolean, title: string, text: string, action: { label: string; url: string }) => (
    <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {title} {done ? <Badge tone="success">Done</Badge> : <Badge tone="attention">To do</Badge>}
        </Text>
        <Text as="p" tone="subdued">
          {text}
        </Text>
      </BlockStack>
      {done ? null : <Button url={action.url}>{action.label}</Button>}
    </InlineStack>
  );
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Get started
        </Text>
        {step(
          setup.campaignsOn > 0,
          "Turn a campaign on",
          "Abandoned cart is a good first one: the defaults respect consent, quiet hours and a frequency cap.",
          {
            label: "Choose a campaign",
            url: "/app/campaigns",
          },
        )}
        {step(
          hubspotOk,
          "Connect HubSpot",
          setup.hubspot
            ? `Portal ${setup.hubspot.portalId} is ${setup.hubspot.status}: reconnect it so answers reach your sales team.`
            : "Every answer your customers give lands on their HubSpot contact.",
          {
            label: setup.hubspot ? "Reconnect HubSpot" : "Connect HubSpot",
            url: "/app/hubspot",
          },
        )}
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { shopName, timezone, range, figures, setup } = useLoaderData<typeof loader>();
  const money = (cents: number) => formatMoney(cents, figures.currency);
  const row = (label: string, f: CampaignFigures) => [
    label,
    ...FUNNEL_STAGES.map((s) => f[s].toLocaleString("en")),
    money(f.revenueCents),
  ];
  const others = Object.entries(figures.otherCurrencies);
  const nps = figures.nps;

  return (
    <Page title="Dashboard" subtitle={`${shopName} · ${range.from} to ${range.to} (${timezone})`}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SetupSteps setup={setup} />
            <Card>
              <DateRangeForm
                key={`${range.from}:${range.to}:${range.days ?? ""}`}
                from={range.from}
                to={range.to}
                days={range.days}
                problem={range.problem}
              />
            </Card>
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
              <Figure label="Emails sent" value={figures.total.sent.toLocaleString("en")} />
              <Figure label="Emails answered" value={figures.total.answered.toLocaleString("en")} />
              <Figure
                label="Recovered revenue"
                value={money(figures.total.revenueCents)}
                note={
                  others.length
                    ? `Also ${others.map(([currency, cents]) => formatMoney(cents, currency)).join(", ")} in other currencies`
                    : undefined
                }
              />
            </InlineGrid>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  By campaign
                </Text>
              </Box>
              <DataTable
                columnContentTypes={["text", ...FUNNEL_STAGES.map(() => "numeric" as const), "numeric"]}
                headings={["Campaign", ...FUNNEL_STAGES.map((s) => STAGE_LABELS[s]), "Revenue"]}
                rows={CAMPAIGN_KINDS.map((k) => row(CAMPAIGN_LABELS[k], figures.campaigns[k]))}
                totals={row("Total", figures.total).map((cell, i) => (i === 0 ? "" : cell))}
                showTotalsInFooter
                totalsName={{ singular: "Total", plural: "Total" }}
              />
            </Card>
            <AnswersBySource bySource={figures.answeredBySource} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Funnel, all campaigns
              </Text>
              {figures.total.entered + figures.total.sent === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing in this period yet. Once a campaign is on, shoppers who enter it and every email
                  they get show up here.
                </Text>
              ) : (
                <ClientOnly fallback={<div style={{ height: 300 }} />}>
                  {() => (
                    <FunnelFigures
                      stages={FUNNEL_STAGES.map((s) => ({ label: STAGE_LABELS[s], value: figures.total[s] }))}
                    />
                  )}
                </ClientOnly>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Net Promoter Score
                </Text>
                <Text as="p" variant="headingXl" id="nps-score">
                  {nps.score === null ? "—" : nps.score > 0 ? `+${nps.score}` : String(nps.score)}
                </Text>
              </InlineStack>
              {nps.responses === 0 ? (
                <Text as="p" tone="subdued">
                  No NPS answers in this period. Turn on the post-purchase survey to ask customers after their
                  order arrives.
                </Text>
              ) : (
                <>
                  <Text as="p" tone="subdued">
                    Answers: {nps.responses} · promoters (9–10): {nps.promoters} · passives (7–8):{" "}
                    {nps.passives} · detractors (0–6): {nps.detractors}
                  </Text>
                  <ClientOnly fallback={<div style={{ height: 220 }} />}>
                    {() => <NpsDistribution distribution={nps.distribution} />}
                  </ClientOnly>
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** One headline figure of the period. */
function Figure(props: { label: string; value: string; note?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
          {props.label}
        </Text>
        <Text as="p" variant="heading2xl">
          {props.value}
        </Text>
        {props.note ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {props.note}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
