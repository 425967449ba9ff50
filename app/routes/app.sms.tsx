// The merchant's SMS page: connect the store's Twilio account (Account SID, auth token, and the
// number or Messaging Service texts come from — stored encrypted, never shown again, never in an
// exported configuration), the incoming-message URL to paste into Twilio, a test text, disconnect;
// then every text sent (status, and for a refused or undelivered one, Twilio's reason and what to
// do) and every text customers sent back (answers, STOP/START and whether Shopify took it, and the
// ones that are not answers, with the reason). One shop's data only.
import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { z } from "zod";
import { FeedbackBanner } from "../components/feedback";
import { TableCard, WrappingText } from "../components/table-card";
import db from "../db.server";
import { env } from "../env.server";
import { shopDateTime } from "../lib/clock";
import { smsSender } from "../server/composition.server";
import { authenticate } from "../shopify.server";
import { readShop } from "../shops/shops.server";
import { listSmsReplies, listTexts, testText } from "../sms/admin.server";
import { disconnectTwilio, saveTwilioConnection, smsConnectionStatus } from "../sms/connection.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const inbound = new URL("/webhooks/twilio/messages", env.SHOPIFY_APP_URL);
  inbound.searchParams.set("shop", shop);
  const [connection, texts, replies, facts] = await Promise.all([
    smsConnectionStatus(db, shop),
    listTexts(db, shop, { limit: 50 }),
    listSmsReplies(db, shop, { limit: 50 }),
    readShop(db, shop),
  ]);
  return json({ connection, inboundUrl: inbound.toString(), texts, replies, timezone: facts.timezone });
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("connect"),
    accountSid: z.string().max(100),
    authToken: z.string().max(100),
    sender: z.string().max(100),
  }),
  z.object({ intent: z.literal("test"), phone: z.string().max(40) }),
  z.object({ intent: z.literal("disconnect") }),
]);

type ActionResult = { ok: boolean; message: string; errors?: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json<ActionResult>({ ok: false, message: "That request was not understood." }, { status: 400 });
  const shop = session.shop;
  switch (parsed.data.intent) {
    case "connect": {
      const saved = await saveTwilioConnection(db, shop, parsed.data);
      return json<ActionResult>(
        saved.ok
          ? { ok: true, message: "Twilio connected. Send a test text to check the account and number." }
          : { ok: false, message: "Those are not Twilio credentials yet.", errors: saved.errors },
      );
    }
    case "test": {
      const outcome = await smsSender.send(testText(await readShop(db, shop), parsed.data.phone.trim()));
      return json<ActionResult>(
        outcome.status === "rejected"
          ? { ok: false, message: `The test text was not sent: ${outcome.reason}` }
          : { ok: true, message: `Test text sent to ${parsed.data.phone.trim()}.` },
      );
    }
    case "disconnect":
      await disconnectTwilio(db, shop);
      return json<ActionResult>({
        ok: true,
        message: "Twilio disconnected: texts go to the local SMS outbox until you connect again.",
      });
  }
};

const STATUS_TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  delivered: "success",
  sent: "info",
  rejected: "critical",
  undelivered: "critical",
  failed: "critical",
  queued: "attention",
  sending: "attention",
};

export default function SmsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [accountSid, setAccountSid] = useState("");
  const [authToken, setAuthToken] = useState("");
  const [sender, setSender] = useState("");
  const [phone, setPhone] = useState("");
  const conn = data.connection;
  const when = (iso: string | null) => (iso ? shopDateTime(iso, data.timezone) : "—");

  return (
    <Page title="SMS" subtitle="Texts your customers answer with a number, through your own Twilio account">
      <Layout>
        {result?.message ? (
          <Layout.Section>
            <FeedbackBanner feedback={result} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  Twilio
                </Text>
                <Badge
                  tone={conn.connected ? (conn.status === "connected" ? "success" : "critical") : undefined}
                >
                  {conn.connected ? conn.status : "not connected"}
                </Badge>
              </InlineStack>
              {conn.connected ? (
                <BlockStack gap="100">
                  <Text as="p">
                    Account <b>{conn.accountSid}</b>, texts from <b>{conn.sender}</b>
                  </Text>
                  {conn.statusReason ? (
                    <Text as="p" tone="critical">
                      Twilio refused: {conn.statusReason}. Check the auth token and the sender, and save them
                      again.
                    </Text>
                  ) : null}
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  Not connected: texts go to the local SMS outbox (nothing reaches a phone).
                </Text>
              )}
              <Text as="p">
                In the Twilio console, set <b>A message comes in</b> (on your number, or on your Messaging
                Service’s integration) to a webhook, HTTP POST:
              </Text>
              <Text as="p" breakWord>
                <code>{data.inboundUrl}</code>
              </Text>
              <Text as="p" tone="subdued">
                Delivery statuses need nothing: each text tells Twilio where to report them.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {conn.connected ? "Replace the Twilio account" : "Connect Twilio"}
                </Text>
                <input type="hidden" name="intent" value="connect" />
                <TextField
                  label="Account SID"
                  name="accountSid"
                  autoComplete="off"
                  value={accountSid}
                  onChange={setAccountSid}
                  error={result?.errors?.accountSid}
                />
                <TextField
                  label="Auth token"
                  name="authToken"
                  type="password"
                  autoComplete="off"
                  value={authToken}
                  onChange={setAuthToken}
                  error={result?.errors?.authToken}
                  helpText="Stored encrypted; never shown again."
                />
                <TextField
                  label="Send from"
                  name="sender"
                  autoComplete="off"
                  value={sender}
                  onChange={setSender}
                  error={result?.errors?.sender}
                  helpText="A number of the account (+14155550123) or a Messaging Service SID (MG…)."
                />
                <InlineStack gap="200">
                  <Button submit variant="primary" loading={busy}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <InlineStack gap="200" blockAlign="end">
              <Form method="post">
                <InlineStack gap="200" blockAlign="end">
                  <input type="hidden" name="intent" value="test" />
                  <TextField
                    label="Send a test text to"
                    name="phone"
                    autoComplete="off"
                    value={phone}
                    onChange={setPhone}
                    placeholder="+14155550123"
                  />
                  <Button submit loading={busy} disabled={phone.trim() === ""}>
                    Send test text
                  </Button>
                </InlineStack>
              </Form>
              {conn.connected ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="disconnect" />
                  <Button submit tone="critical" loading={busy}>
                    Disconnect Twilio
                  </Button>
                </Form>
              ) : null}
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <TableCard
            title="Texts sent"
            resourceName={{ singular: "text", plural: "texts" }}
            itemCount={data.texts.length}
            empty="No texts yet. A campaign step sends one when you choose SMS for it in the campaign editor."
            headings={[
              { title: "To" },
              { title: "Campaign" },
              { title: "Text" },
              { title: "Status" },
              { title: "Sent" },
            ]}
          >
            {data.texts.map((t, i) => (
              <IndexTable.Row id={t.id} key={t.id} position={i}>
                <IndexTable.Cell>
                  {t.toPhone}
                  <br />
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t.email}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {t.campaignLabel} · {t.step}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <WrappingText>{t.body}</WrappingText>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100">
                    <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge>
                    {t.error ? (
                      <WrappingText>
                        {t.error}
                        {t.whatToDo ? ` ${t.whatToDo}` : ""}
                      </WrappingText>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{when(t.sentAt)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </TableCard>
        </Layout.Section>
        <Layout.Section>
          <TableCard
            title="Texts from customers"
            description="Every reply is kept. An answer fits the open question exactly (a number in its range, a choice’s number); anything else is listed with the reason and never guessed. STOP and START change SMS consent at once, here and in Shopify."
            resourceName={{ singular: "reply", plural: "replies" }}
            itemCount={data.replies.length}
            empty="None yet."
            headings={[
              { title: "From" },
              { title: "Text" },
              { title: "Outcome" },
              { title: "Why" },
              { title: "Received" },
            ]}
          >
            {data.replies.map((r, i) => (
              <IndexTable.Row id={r.id} key={r.id} position={i}>
                <IndexTable.Cell>
                  {r.fromPhone}
                  {r.email ? (
                    <>
                      <br />
                      <Text as="span" tone="subdued" variant="bodySm">
                        {r.email}
                      </Text>
                    </>
                  ) : null}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <WrappingText>{r.body}</WrappingText>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge
                    tone={r.outcome === "answer" ? "success" : r.outcome === "opted_out" ? "warning" : "info"}
                  >
                    {r.outcomeLabel}
                  </Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <WrappingText>
                    {r.reason}
                    {r.shopify === "refused" ? ` Shopify refused it: ${r.shopifyError}` : ""}
                    {r.shopify === "waiting" ? " Writing to Shopify…" : ""}
                  </WrappingText>
                </IndexTable.Cell>
                <IndexTable.Cell>{when(r.receivedAt)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </TableCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
