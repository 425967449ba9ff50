// The sandbox page (npm run sandbox): make the simulated store act, move time, read the emails
// (whose answer buttons are the real links), and watch HubSpot and the journey timeline react.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LinksFunction, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  AppProvider,
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { z } from "zod";
import { advanceClock, requireSandbox, sandboxControl } from "../sandbox/sandbox.server";
import { sandboxState, type SandboxState } from "../sandbox/state.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Replyloop sandbox" }];

export const loader = async () => {
  requireSandbox();
  return sandboxState();
};

const HOUR = 3600_000;
const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("abandon"), customerId: z.string(), productId: z.string() }),
  z.object({ intent: z.literal("order"), customerId: z.string(), checkoutToken: z.string().optional() }),
  z.object({ intent: z.literal("fulfil"), orderId: z.string() }),
  z.object({
    intent: z.literal("vip"),
    customerId: z.string(),
    amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  }),
  z.object({
    intent: z.literal("consent"),
    customerId: z.string(),
    state: z.enum(["subscribed", "not_subscribed", "unsubscribed"]),
  }),
  z.object({
    intent: z.literal("hubspot_tier"),
    email: z.string(),
    tier: z.enum(["none", "silver", "gold"]),
  }),
  z.object({
    intent: z.literal("advance"),
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  requireSandbox();
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false, message: "That action needs more input." };
  const input = parsed.data;
  switch (input.intent) {
    case "advance": {
      const due = await advanceClock(input.hours * HOUR);
      return { ok: true, message: `Moved ${input.hours} h ahead; ${due} send(s) became due.` };
    }
    case "abandon":
      return relay(
        sandboxControl("/store/abandon", {
          customerId: input.customerId,
          items: [{ productId: input.productId, quantity: 1 }],
        }),
        "Checkout abandoned.",
      );
    case "order":
      return relay(
        sandboxControl("/store/order", {
          customerId: input.customerId,
          checkoutToken: input.checkoutToken || null,
        }),
        "Order placed and paid.",
      );
    case "fulfil":
      return relay(sandboxControl("/store/fulfil", { orderId: input.orderId }), "Order fulfilled.");
    case "vip":
      return relay(
        sandboxControl("/store/spend", { customerId: input.customerId, amount: input.amount }),
        "Purchasing summary sent.",
      );
    case "consent":
      return relay(
        sandboxControl("/store/consent", { customerId: input.customerId, state: input.state }),
        "Consent changed.",
      );
    case "hubspot_tier":
      return relay(
        sandboxControl("/hubspot/tier", { email: input.email, tier: input.tier }),
        "Tier set in HubSpot.",
      );
  }
};

async function relay(call: ReturnType<typeof sandboxControl>, done: string) {
  const result = await call;
  const message = z.object({ error: z.string() }).safeParse(result.data);
  return result.ok
    ? { ok: true, message: done }
    : { ok: false, message: message.success ? message.data.error : `failed (${result.status})` };
}

const TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  sent: "success",
  answered: "success",
  converted: "success",
  cancelled: "critical",
  failed: "critical",
  skipped: "attention",
  postponed: "attention",
  entered: "info",
};

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

function useLiveState(initial: SandboxState) {
  const poll = useFetcher<SandboxState>();
  useEffect(() => {
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load("/sandbox/state");
    }, 1500);
    return () => clearInterval(timer);
  }, [poll]);
  return poll.data ?? initial;
}

export default function Sandbox() {
  const initial = useLoaderData<typeof loader>();
  const state = useLiveState(initial);
  const act = useFetcher<typeof action>();
  const store = state.store;
  const [customerId, setCustomerId] = useState(store?.customers[0]?.id ?? "");
  const [productId, setProductId] = useState(store?.products[0]?.id ?? "");
  const [openMessage, setOpenMessage] = useState<string | null>(null);
  const customer = store?.customers.find((c) => c.id === customerId);
  const openCheckouts = store?.checkouts.filter((c) => c.customerId === customerId && !c.completed) ?? [];
  const unfulfilled = store?.orders.filter((o) => !o.fulfilled) ?? [];
  const submit = (fields: Record<string, string>) => act.submit(fields, { method: "post" });
  const busy = act.state !== "idle";
  const tz = state.shop.timezone;

  return (
    <AppProvider i18n={polarisTranslations}>
      <Page
        fullWidth
        title="Replyloop sandbox"
        subtitle={`${state.shop.name} (${state.shop.domain}) · everything runs on this machine`}
        primaryAction={{ content: "Open the embedded admin", url: "/sandbox/admin", target: "_blank" }}
      >
        <BlockStack gap="400">
          {act.data && <Banner tone={act.data.ok ? "success" : "critical"}>{act.data.message}</Banner>}
          {state.storeError && (
            <Banner tone="warning">The simulated store is not answering ({state.storeError}).</Banner>
          )}
          <Layout>
            <Layout.Section variant="oneThird">
              <BlockStack gap="400">
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Clock
                    </Text>
                    <Text as="p" variant="headingLg" id="sandbox-now">
                      {when(state.now, tz)}
                    </Text>
                    <Text as="p" tone="subdued">
                      {tz} ·{" "}
                      {state.offsetMs > 0
                        ? `${Math.round(state.offsetMs / HOUR)} h ahead of real time`
                        : "real time"}
                    </Text>
                    <InlineStack gap="200">
                      {[1, 24, 168].map((hours) => (
                        <Button
                          key={hours}
                          disabled={busy}
                          onClick={() => submit({ intent: "advance", hours: String(hours) })}
                        >
                          {hours === 1 ? "+1 hour" : hours === 24 ? "+1 day" : "+7 days"}
                        </Button>
                      ))}
                    </InlineStack>
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      The store
                    </Text>
                    <Select
                      label="Customer"
                      options={(store?.customers ?? []).map((c) => ({
                        label: `${c.name} · ${c.marketingState.toLowerCase()} · ${c.numberOfOrders} orders, $${c.amountSpent}${c.tags.length ? ` · ${c.tags.join(", ")}` : ""}`,
                        value: c.id,
                      }))}
                      value={customerId}
                      onChange={setCustomerId}
                    />
                    <Select
                      label="Product"
                      options={(store?.products ?? []).map((p) => ({
                        label: `${p.title} (${p.variant}) $${p.price}`,
                        value: p.id,
                      }))}
                      value={productId}
                      onChange={setProductId}
                    />
                    <InlineStack gap="200" wrap>
                      <Button
                        variant="primary"
                        disabled={busy}
                        onClick={() => submit({ intent: "abandon", customerId, productId })}
                      >
                        Abandon a checkout
                      </Button>
                      <Button
                        disabled={busy}
                        onClick={() =>
                          submit({
                            intent: "order",
                            customerId,
                            checkoutToken: openCheckouts[0]?.token ?? "",
                          })
                        }
                      >
                        {openCheckouts.length ? "Order from the open checkout" : "Place an order"}
                      </Button>
                    </InlineStack>
                    <InlineStack gap="200" wrap>
                      {unfulfilled.map((o) => (
                        <Button
                          key={o.id}
                          disabled={busy}
                          onClick={() => submit({ intent: "fulfil", orderId: o.id })}
                        >{`Fulfil ${o.name}`}</Button>
                      ))}
                    </InlineStack>
                    <InlineStack gap="200" wrap>
                      <Button
                        disabled={busy}
                        onClick={() => submit({ intent: "vip", customerId, amount: "1200.00" })}
                      >
                        Spend crosses Gold ($1,200)
                      </Button>
                      <Button
                        disabled={busy}
                        onClick={() =>
                          submit({
                            intent: "consent",
                            customerId,
                            state: customer?.marketingState === "SUBSCRIBED" ? "unsubscribed" : "subscribed",
                          })
                        }
                      >
                        {customer?.marketingState === "SUBSCRIBED"
                          ? "Unsubscribe from marketing"
                          : "Subscribe to marketing"}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Scheduled sends
                    </Text>
                    {state.pending.length === 0 && (
                      <Text as="p" tone="subdued">
                        Nothing scheduled.
                      </Text>
                    )}
                    {state.pending.map((s) => (
                      <Text
                        as="p"
                        key={s.id}
                      >{`${when(s.runAt, tz)} · ${s.campaign} / ${s.step} → ${s.email}`}</Text>
                    ))}
                    <Text
                      as="p"
                      tone="subdued"
                    >{`Recovered revenue: ${state.recovered.orders} order(s), ${(state.recovered.amountCents / 100).toFixed(2)} ${state.shop.currency}`}</Text>
                  </BlockStack>
                </Card>
              </BlockStack>
            </Layout.Section>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Inbox
                    </Text>
                    {state.messages.length === 0 && (
                      <Text as="p" tone="subdued">
                        No email yet. Abandon a checkout, then move the clock 1 hour.
                      </Text>
                    )}
                    <BlockStack gap="100">
                      {state.messages.map((m) => (
                        <Button
                          key={m.id}
                          variant={openMessage === m.id ? "primary" : "tertiary"}
                          textAlign="left"
                          onClick={() => setOpenMessage(m.id)}
                          accessibilityLabel={`Open email: ${m.subject}`}
                        >
                          {`${m.subject} — ${m.toEmail} (${m.campaign}/${m.step}, ${m.status})`}
                        </Button>
                      ))}
                    </BlockStack>
                    {openMessage && (
                      <Box borderColor="border" borderWidth="025" borderRadius="200">
                        <iframe
                          title="Email"
                          name="sandbox-email"
                          src={`/sandbox/messages/${openMessage}`}
                          style={{ width: "100%", height: 640, border: 0 }}
                        />
                      </Box>
                    )}
                  </BlockStack>
                </Card>
                <BlockStack gap="400">
                  <Card>
                    <BlockStack gap="300">
                      <InlineStack align="space-between">
                        <Text as="h2" variant="headingMd">
                          HubSpot contacts
                        </Text>
                        <Badge>{`portal ${store?.hubspot.portalId ?? "?"}`}</Badge>
                      </InlineStack>
                      {store?.hubspot.contacts.length === 0 && (
                        <Text as="p" tone="subdued">
                          No contact yet: Replyloop writes contacts as customers answer.
                        </Text>
                      )}
                      {store?.hubspot.contacts.map((c) => (
                        <Box key={c.id} padding="200" background="bg-surface-secondary" borderRadius="200">
                          <BlockStack gap="100">
                            <InlineStack align="space-between" blockAlign="center">
                              <Text as="h3" variant="headingSm">
                                {c.email}
                              </Text>
                              <InlineStack gap="100">
                                {(["silver", "gold"] as const).map((tier) => (
                                  <Button
                                    key={tier}
                                    size="slim"
                                    disabled={busy}
                                    onClick={() => submit({ intent: "hubspot_tier", email: c.email, tier })}
                                  >{`Rep sets ${tier}`}</Button>
                                ))}
                              </InlineStack>
                            </InlineStack>
                            <ul
                              aria-label={`Properties of ${c.email}`}
                              style={{ listStyle: "none", margin: 0, padding: 0 }}
                            >
                              {Object.entries(c.properties)
                                .filter(([k]) => k.startsWith("replyloop_"))
                                .sort(([a], [b]) => a.localeCompare(b))
                                .map(([name, value]) => (
                                  <li
                                    key={name}
                                    aria-label={`${name}: ${value}`}
                                    style={{ padding: "4px 0", borderTop: "1px solid #ebebeb" }}
                                  >
                                    <InlineStack align="space-between" gap="200" wrap={false}>
                                      <Text as="span" variant="bodySm" tone="subdued">
                                        {name}
                                      </Text>
                                      <Text as="span" variant="bodySm" fontWeight="semibold" breakWord>
                                        {value}
                                      </Text>
                                    </InlineStack>
                                  </li>
                                ))}
                            </ul>
                          </BlockStack>
                        </Box>
                      ))}
                    </BlockStack>
                  </Card>
                  <Card>
                    <BlockStack gap="200">
                      <Text as="h2" variant="headingMd">
                        Journey timeline
                      </Text>
                      {state.timeline.length === 0 && (
                        <Text as="p" tone="subdued">
                          Decisions appear here as the store acts.
                        </Text>
                      )}
                      <ol aria-label="Journey timeline" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                        {state.timeline.map((d) => (
                          <li key={d.id} style={{ padding: "6px 0", borderTop: "1px solid #ebebeb" }}>
                            <InlineStack gap="200" blockAlign="center" wrap={false}>
                              <Badge tone={TONE[d.kind]}>{d.kind}</Badge>
                              <BlockStack gap="050">
                                <Text
                                  as="span"
                                  variant="bodySm"
                                >{`${when(d.at, tz)} · ${d.campaign}${d.email ? ` · ${d.email}` : ""}`}</Text>
                                {d.reason && (
                                  <Text as="span" variant="bodySm" tone="subdued">
                                    {d.reason}
                                  </Text>
                                )}
                              </BlockStack>
                            </InlineStack>
                          </li>
                        ))}
                      </ol>
                    </BlockStack>
                  </Card>
                </BlockStack>
              </InlineGrid>
            </Layout.Section>
          </Layout>
        </BlockStack>
      </Page>
    </AppProvider>
  );
}
