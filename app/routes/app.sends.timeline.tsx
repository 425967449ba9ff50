// One customer's journey timeline: every journey they had in this shop and every decision about
// them — entered, skipped and why, scheduled, sent, cancelled and why, answered, converted.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { readShop } from "../shops/shops.server";
import { customerTimeline } from "../campaigns/pending.server";
import { TableCard, WrappingText } from "../components/table-card";
import db from "../db.server";
import { shopDateTime } from "../lib/clock";
import { badRequest, notFound } from "../lib/responses.server";
import { authenticate } from "../shopify.server";

const querySchema = z.union([
  z.object({ journey: z.string().min(1).max(64) }),
  z.object({ email: z.email().max(320) }),
]);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) throw badRequest("Give a customer’s email address.");
  const query = "journey" in parsed.data ? { journeyId: parsed.data.journey } : { email: parsed.data.email };
  const [shop, timeline] = await Promise.all([
    readShop(db, session.shop),
    customerTimeline(db, session.shop, query, { limit: 500 }),
  ]);
  if (!timeline) throw notFound("No such journey");
  return json({ timezone: shop.timezone, ...timeline });
};

const KIND_TONE: Record<string, "success" | "critical" | "warning" | "info" | "attention" | undefined> = {
  entered: "info",
  sent: "success",
  answered: "success",
  converted: "success",
  skipped: "warning",
  cancelled: "critical",
  failed: "critical",
  postponed: "attention",
};

export default function Timeline() {
  const { email, journeys, events, timezone } = useLoaderData<typeof loader>();
  const when = (iso: string) => shopDateTime(iso, timezone);
  return (
    <Page
      title={email}
      subtitle="Journey timeline"
      backAction={{ content: "Pending sends", url: "/app/sends" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Journeys
                </Text>
                {journeys.length === 0 ? (
                  <Text as="p" tone="subdued">
                    This customer never entered a campaign.
                    {events.length ? " The decisions below say why." : ""}
                  </Text>
                ) : (
                  journeys.map((j) => (
                    <InlineStack key={j.id} gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {j.campaignLabel}
                      </Text>
                      <Badge tone={j.state === "active" ? "info" : undefined}>{j.state}</Badge>
                      <Text as="span" tone="subdued">
                        entered {when(j.enteredAt)}
                        {j.exitedAt
                          ? `, ended ${when(j.exitedAt)}${j.exitReason ? ` (${j.exitReason})` : ""}`
                          : ""}
                      </Text>
                    </InlineStack>
                  ))
                )}
              </BlockStack>
            </Card>
            <TableCard
              title="Timeline"
              resourceName={{ singular: "decision", plural: "decisions" }}
              itemCount={events.length}
              empty="Nothing recorded for this address."
              headings={[{ title: "When" }, { title: "Campaign" }, { title: "What" }, { title: "Why" }]}
            >
              {events.map((e, i) => (
                <IndexTable.Row id={e.id} key={e.id} position={i}>
                  <IndexTable.Cell>{when(e.at)}</IndexTable.Cell>
                  <IndexTable.Cell>{e.campaignLabel}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={KIND_TONE[e.kind]}>{e.kind.replace("_", " ")}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText minWidth={200}>{e.reason ?? ""}</WrappingText>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
