// The merchant's HubSpot page: connect a portal (OAuth, or a pasted private-app / service-key
// token), see its status, the last successful write, writes waiting and the property status,
// create properties now, see every value HubSpot refused (its reason, what to do) and send them
// again, disconnect. Every loader and action runs under the shop's session and
// only touches that shop's connection. The OAuth callback lands here (with code and state) so the
// exchange happens under the Shopify session of the store that started it.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { z } from "zod";
import { connectWithToken, disconnect } from "../crm/hubspot/connection.server";
import { completeOAuth, startOAuth } from "../crm/hubspot/oauth.server";
import { provisionPropertiesJob } from "../crm/hubspot/jobs";
import { resendRefused } from "../crm/hubspot/flusher.server";
import { hubspotStatus } from "../crm/hubspot/status.server";
import db from "../db.server";
import { FeedbackBanner } from "../components/feedback";
import { enqueue } from "../jobs/jobs.server";
import { appClock } from "../lib/app-clock.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const url = new URL(request.url);
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  let oauthError: string | null = null;
  if (code && state) {
    const result = await completeOAuth(db, { shop: session.shop, state, code });
    if (result.ok) return redirect("/app/hubspot?connected=1");
    oauthError = result.message;
  }
  return json({
    ...(await hubspotStatus(db, session.shop)),
    oauthError,
    justConnected: url.searchParams.has("connected"),
  });
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("oauth") }),
  z.object({
    intent: z.literal("token"),
    token: z.string().max(2000),
    requestsPer10s: z.coerce.number().int().min(1).max(190).optional(),
  }),
  z.object({ intent: z.literal("provision") }),
  z.object({ intent: z.literal("resend") }),
  z.object({ intent: z.literal("disconnect") }),
]);

type ActionResult = { ok: boolean; message: string; authorizeUrl?: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = actionSchema.safeParse({ ...form, requestsPer10s: form.requestsPer10s || undefined });
  if (!parsed.success)
    return json<ActionResult>({ ok: false, message: "That request was not understood." }, { status: 400 });
  const shop = session.shop;
  switch (parsed.data.intent) {
    case "oauth":
      return json<ActionResult>({
        ok: true,
        message: "Opening HubSpot…",
        authorizeUrl: await startOAuth(db, shop),
      });
    case "token": {
      const result = await connectWithToken(db, {
        shop,
        token: parsed.data.token,
        requestsPer10s: parsed.data.requestsPer10s,
      });
      return json<ActionResult>(
        result.ok
          ? { ok: true, message: `Connected to HubSpot portal ${result.portalId}. Creating properties…` }
          : { ok: false, message: result.reason },
      );
    }
    case "provision": {
      const conn = await db.crmConnection.findUnique({ where: { shop }, select: { status: true } });
      if (conn?.status !== "connected")
        return json<ActionResult>({ ok: false, message: "Connect HubSpot first." });
      await db.$transaction((tx) => enqueue(tx, provisionPropertiesJob, { shop }));
      return json<ActionResult>({ ok: true, message: "Creating properties in HubSpot…" });
    }
    case "resend": {
      const count = await resendRefused(db, shop, appClock.now());
      return json<ActionResult>({
        ok: true,
        message: count ? `Sending ${count} refused values again.` : "No refused values to send.",
      });
    }
    case "disconnect": {
      const result = await disconnect(db, shop);
      const after = "Answers wait here until you connect again.";
      if (result.revoked === "oauth")
        return json<ActionResult>({
          ok: true,
          message: `Disconnected, and Replyloop's access revoked in HubSpot. ${after}`,
        });
      if (result.revoked === "failed") {
        return json<ActionResult>({
          ok: false,
          message: `Disconnected: Replyloop no longer uses its HubSpot access, but HubSpot could not be told (${result.reason}). To be sure, remove Replyloop under Connected apps in HubSpot. ${after}`,
        });
      }
      const privateApp =
        result.authType === "private_app"
          ? " The token itself stays valid until you delete or rotate it in HubSpot (Development → Private apps)."
          : "";
      return json<ActionResult>({ ok: true, message: `Disconnected.${privateApp} ${after}` });
    }
  }
};

const STATUS_TONE = { connected: "success", broken: "critical", disconnected: undefined } as const;
const statusTone = (status: string) =>
  status in STATUS_TONE ? STATUS_TONE[status as keyof typeof STATUS_TONE] : undefined;
const propertyTone = (status: string) =>
  status.startsWith("failed") ? "critical" : status === "not created" ? "attention" : "success";
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export default function HubSpotPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [token, setToken] = useState("");
  const [limit, setLimit] = useState("110");
  const conn = data.connection;

  useEffect(() => {
    // HubSpot's consent screen cannot run inside the Shopify admin's frame.
    if (result?.authorizeUrl) window.open(result.authorizeUrl, "_top");
  }, [result]);

  return (
    <Page title="HubSpot" subtitle="Every answer lands on the contact in HubSpot as a Replyloop property">
      <Layout>
        {data.oauthError ? (
          <Layout.Section>
            <Banner tone="critical" title="HubSpot was not connected">
              {data.oauthError}
            </Banner>
          </Layout.Section>
        ) : null}
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
                  Connection
                </Text>
                <Badge tone={conn ? statusTone(conn.status) : undefined}>
                  {conn ? conn.status : "not connected"}
                </Badge>
              </InlineStack>
              {conn ? (
                <BlockStack gap="100">
                  <Text as="p">
                    Portal <b>{conn.portalId}</b> (
                    {conn.authType === "oauth"
                      ? "HubSpot app"
                      : `private app, ${conn.requestsPer10s} requests / 10 s`}
                    )
                  </Text>
                  {conn.statusReason && conn.status !== "connected" ? (
                    <Text as="p" tone="critical">
                      {conn.statusReason}
                    </Text>
                  ) : null}
                  <Text as="p">Last successful write: {when(conn.lastWriteAt)}</Text>
                  <Text as="p">
                    Writes waiting: {data.pendingWrites}
                    {data.failedWrites ? ` · refused by HubSpot: ${data.failedWrites}` : ""}
                  </Text>
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  Not connected. Answers are kept and sent once a portal is connected ({data.pendingWrites}{" "}
                  waiting).
                </Text>
              )}
              <InlineStack gap="200">
                <Form method="post">
                  <input type="hidden" name="intent" value="oauth" />
                  <Button submit variant="primary" loading={busy}>
                    {conn && conn.status !== "disconnected"
                      ? "Reconnect with HubSpot"
                      : "Connect with HubSpot"}
                  </Button>
                </Form>
                {conn && conn.status !== "disconnected" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="disconnect" />
                    <Button submit tone="critical" loading={busy}>
                      Disconnect
                    </Button>
                  </Form>
                ) : null}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Agencies: connect with a private app or service key token
                </Text>
                <input type="hidden" name="intent" value="token" />
                <TextField
                  label="Access token"
                  name="token"
                  type="password"
                  autoComplete="off"
                  value={token}
                  onChange={setToken}
                />
                <TextField
                  label="Requests per 10 seconds"
                  name="requestsPer10s"
                  type="number"
                  autoComplete="off"
                  value={limit}
                  onChange={setLimit}
                  helpText="Your HubSpot subscription's limit for private apps (100–190)."
                />
                <InlineStack>
                  <Button submit loading={busy}>
                    Connect with token
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  Contact properties (group “Replyloop”)
                </Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="provision" />
                  <Button submit disabled={conn?.status !== "connected"} loading={busy}>
                    Create now
                  </Button>
                </Form>
              </InlineStack>
              <Text as="p" tone="subdued">
                Last checked: {when(conn?.propertiesSyncedAt ?? null)}
              </Text>
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={["Property", "Type", "Status"]}
                rows={data.properties.map((p) => [
                  <BlockStack key={p.name} gap="0">
                    <Text as="span">{p.label}</Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {p.name}
                    </Text>
                  </BlockStack>,
                  p.options.length ? `${p.type} (${p.options.length} options)` : p.type,
                  <BlockStack key={`${p.name}-status`} gap="100">
                    <Badge tone={propertyTone(p.status)}>{p.status}</Badge>
                    {p.advice ? (
                      <Text as="span" variant="bodySm" tone="critical">
                        {p.advice}
                      </Text>
                    ) : null}
                    {p.waiting ? (
                      <Text as="span" variant="bodySm">
                        {p.waiting} answers waiting for this property
                      </Text>
                    ) : null}
                  </BlockStack>,
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  Values HubSpot refused
                </Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="resend" />
                  <Button submit disabled={data.refused.length === 0} loading={busy}>
                    Send refused values again
                  </Button>
                </Form>
              </InlineStack>
              {data.refused.length === 0 ? (
                <Text as="p" tone="subdued">
                  None. When HubSpot refuses an answer, it is listed here with HubSpot’s reason and what to
                  do.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "numeric"]}
                  headings={["Property", "Value", "HubSpot’s reason", "What to do", "Answers"]}
                  rows={data.refused.map((r) => [
                    <BlockStack key={`${r.property}-${r.value}-p`} gap="0">
                      <Text as="span">{r.label}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {r.property}
                      </Text>
                    </BlockStack>,
                    r.value,
                    <Text key={`${r.property}-${r.value}-r`} as="span" variant="bodySm" breakWord>
                      {r.reason}
                    </Text>,
                    <Text key={`${r.property}-${r.value}-a`} as="span" variant="bodySm" breakWord>
                      {r.advice}
                    </Text>,
                    r.count,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
