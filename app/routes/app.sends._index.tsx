// Pending sends: every scheduled email, when it goes and why; cancel one (its journey ends, and the
// customer's timeline says so); recently cancelled or failed ones with their reasons; look up a
// customer's timeline.
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
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
  TextField,
} from "@shopify/polaris";
import { z } from "zod";
import { readShop } from "../shops/shops.server";
import { cancelSend, listPendingSends, listStoppedSends } from "../campaigns/pending.server";
import { FeedbackBanner } from "../components/feedback";
import { TableCard, WrappingText } from "../components/table-card";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { shopDateTime } from "../lib/clock";
import { formFields } from "../lib/form-data";
import { badRequest } from "../lib/responses.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [shop, pending, stopped] = await Promise.all([
    readShop(db, session.shop),
    listPendingSends(db, session.shop, { limit: 200 }),
    listStoppedSends(db, session.shop, { limit: 20 }),
  ]);
  return json({ timezone: shop.timezone, ...pending, stopped });
};

const cancelSchema = z.object({ intent: z.literal("cancel"), sendId: z.string().min(1).max(64) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = cancelSchema.safeParse(formFields(await request.formData()));
  if (!parsed.success) throw badRequest();
  const result = await cancelSend(db, session.shop, parsed.data.sendId, appClock.now());
  if (!result.ok) return json({ ok: false, message: result.message }, { status: result.status });
  return json({ ok: true, message: "Email cancelled. The customer’s journey in that campaign has ended." });
};

export default function PendingSends() {
  const { sends, total, stopped, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const cancelling = navigation.formData?.get("sendId");
  const when = (iso: string) => shopDateTime(iso, timezone);

  return (
    <Page title="Pending sends" subtitle={`What goes out next, and why (times in ${timezone})`}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FeedbackBanner feedback={result} />
            <Card>
              <Form method="get" action="/app/sends/timeline">
                <InlineStack gap="300" blockAlign="end">
                  <div style={{ flex: "1 1 240px" }}>
                    <TextField
                      label="A customer’s timeline"
                      name="email"
                      type="email"
                      autoComplete="off"
                      placeholder="customer@example.com"
                      value={email}
                      onChange={setEmail}
                    />
                  </div>
                  <Button submit disabled={!email.trim()}>
                    Show timeline
                  </Button>
                </InlineStack>
              </Form>
            </Card>
            <TableCard
              title={
                total > sends.length
                  ? `Next ${sends.length} of ${total} scheduled emails`
                  : `${total} scheduled ${total === 1 ? "email" : "emails"}`
              }
              resourceName={{ singular: "scheduled email", plural: "scheduled emails" }}
              itemCount={sends.length}
              empty="Nothing scheduled. Emails appear here as soon as a customer enters a campaign that is on."
              headings={[
                { title: "Customer" },
                { title: "Email" },
                { title: "Goes out" },
                { title: "Why" },
                { title: "Actions", alignment: "end" },
              ]}
            >
              {sends.map((s, i) => (
                <IndexTable.Row id={s.id} key={s.id} position={i}>
                  <IndexTable.Cell>
                    <Link url={`/app/sends/timeline?journey=${s.journeyId}`} removeUnderline>
                      {s.email}
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span">{s.campaignLabel}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {s.step}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {when(s.runAt)} {s.state === "dispatching" ? <Badge tone="info">sending</Badge> : null}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{s.why}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack align="end">
                      {confirming === s.id ? (
                        <InlineStack gap="200" wrap={false}>
                          <Button
                            tone="critical"
                            variant="primary"
                            loading={cancelling === s.id}
                            accessibilityLabel={`Confirm: cancel the ${s.step} to ${s.email}`}
                            onClick={() => submit({ intent: "cancel", sendId: s.id }, { method: "post" })}
                          >
                            Confirm cancel
                          </Button>
                          <Button onClick={() => setConfirming(null)}>Keep</Button>
                        </InlineStack>
                      ) : (
                        <Button
                          tone="critical"
                          accessibilityLabel={`Cancel the ${s.step} to ${s.email}`}
                          onClick={() => setConfirming(s.id)}
                        >
                          Cancel
                        </Button>
                      )}
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
            <TableCard
              title="Recently cancelled or failed"
              resourceName={{ singular: "email", plural: "emails" }}
              itemCount={stopped.length}
              empty="None."
              headings={[
                { title: "Customer" },
                { title: "Email" },
                { title: "State" },
                { title: "Reason" },
                { title: "When" },
              ]}
            >
              {stopped.map((s, i) => (
                <IndexTable.Row id={s.id} key={s.id} position={i}>
                  <IndexTable.Cell>
                    <Link url={`/app/sends/timeline?journey=${s.journeyId}`} removeUnderline>
                      {s.email}
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {s.campaignLabel} · {s.step}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={s.state === "failed" ? "critical" : undefined}>{s.state}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <WrappingText>{s.reason ?? ""}</WrappingText>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{when(s.at)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </TableCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
