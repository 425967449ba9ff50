import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS } from "../campaigns/kinds";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [shop, configs, crm] = await Promise.all([
    db.shop.findUnique({ where: { domain: session.shop } }),
    db.campaignConfig.findMany({ where: { shop: session.shop }, select: { kind: true, enabled: true } }),
    db.crmConnection.findUnique({ where: { shop: session.shop }, select: { status: true, portalId: true } }),
  ]);
  const enabled = new Set(configs.filter((c) => c.enabled).map((c) => c.kind));
  return {
    shopName: shop?.name || session.shop,
    campaigns: CAMPAIGN_KINDS.map((kind) => ({ kind, label: CAMPAIGN_LABELS[kind], on: enabled.has(kind) })),
    hubspot: crm ? { status: crm.status, portalId: crm.portalId } : null,
  };
};

export default function Dashboard() {
  const { shopName, campaigns, hubspot } = useLoaderData<typeof loader>();
  return (
    <Page title={shopName} subtitle="Replyloop dashboard">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Campaigns
              </Text>
              {campaigns.map((c) => (
                <InlineStack key={c.kind} align="space-between">
                  <Text as="span">{c.label}</Text>
                  <Badge tone={c.on ? "success" : undefined}>{c.on ? "On" : "Off"}</Badge>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                HubSpot
              </Text>
              {hubspot ? (
                <Text as="p">
                  Portal {hubspot.portalId}: <Badge tone={hubspot.status === "connected" ? "success" : "critical"}>{hubspot.status}</Badge>
                </Text>
              ) : (
                <Text as="p" tone="subdued">
                  Not connected. Connect HubSpot so your sales team sees every answer.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
