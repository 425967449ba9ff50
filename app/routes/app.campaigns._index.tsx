// The shop's campaigns: what each does, on or off (switched right here), and a link to its editor.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { campaignList, setCampaignEnabled } from "../campaigns/admin.server";
import { CAMPAIGN_KINDS, CAMPAIGN_LABELS } from "../campaigns/kinds";
import { FeedbackBanner } from "../components/feedback";
import db from "../db.server";
import { formFields } from "../lib/form-data";
import { badRequest } from "../lib/responses.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ campaigns: await campaignList(db, session.shop) });
};

const toggleSchema = z.object({ kind: z.enum(CAMPAIGN_KINDS), enabled: z.enum(["true", "false"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = toggleSchema.safeParse(formFields(await request.formData()));
  if (!parsed.success) throw badRequest();
  const enabled = parsed.data.enabled === "true";
  await setCampaignEnabled(db, session.shop, parsed.data.kind, enabled);
  return json({ ok: true, message: `${CAMPAIGN_LABELS[parsed.data.kind]} is ${enabled ? "on" : "off"}.` });
};

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const pending = navigation.formData?.get("kind");

  return (
    <Page
      title="Campaigns"
      subtitle="Switch a campaign on and its defaults do the right thing; open it to tune delays, texts and questions."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FeedbackBanner feedback={result} />
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "campaign", plural: "campaigns" }}
                itemCount={campaigns.length}
                selectable={false}
                headings={[
                  { title: "Campaign" },
                  { title: "Status" },
                  { title: "Emails" },
                  { title: "Actions", alignment: "end" },
                ]}
              >
                {campaigns.map((c, i) => (
                  <IndexTable.Row id={c.kind} key={c.kind} position={i}>
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        <Link url={`/app/campaigns/${c.kind}`} removeUnderline>
                          <Text as="span" variant="bodyMd" fontWeight="semibold">
                            {c.label}
                          </Text>
                        </Link>
                        <div style={{ whiteSpace: "normal", maxWidth: 440 }}>
                          <Text as="p" tone="subdued" variant="bodySm">
                            {c.description}
                          </Text>
                        </div>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {c.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{c.emails}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack align="end" gap="200" wrap={false}>
                        <Button
                          accessibilityLabel={`${c.enabled ? "Turn off" : "Turn on"} ${c.label}`}
                          variant={c.enabled ? "secondary" : "primary"}
                          loading={pending === c.kind}
                          onClick={() =>
                            submit({ kind: c.kind, enabled: String(!c.enabled) }, { method: "post" })
                          }
                        >
                          {c.enabled ? "Turn off" : "Turn on"}
                        </Button>
                        <Button url={`/app/campaigns/${c.kind}`} accessibilityLabel={`Edit ${c.label}`}>
                          Edit
                        </Button>
                      </InlineStack>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
