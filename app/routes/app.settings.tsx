// Settings that apply to every campaign: sender name and reply-to, brand (logo, colour), consent
// policy, frequency cap, quiet hours in the shop's time zone, answer-link expiry. Checked with the
// settings schema; problems shown on their fields and nothing saved.
import { useState, type ReactNode } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { readShop } from "../shops/shops.server";
import { FeedbackBanner } from "../components/feedback";
import db from "../db.server";
import { formFields } from "../lib/form-data";
import type { FieldErrors } from "../lib/form-errors";
import { readSettingsForm, timeZoneOptions } from "../shops/settings-form";
import { saveShopSettings } from "../shops/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await readShop(db, session.shop);
  return json({
    settings: shop.settings,
    timezone: shop.timezone,
    timezones: timeZoneOptions(shop.timezone),
    shopName: shop.name,
    shopEmail: shop.email,
  });
};

type ActionResult = { ok: boolean; message: string; errors?: FieldErrors };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = readSettingsForm(formFields(await request.formData()));
  if (!result.ok)
    return json<ActionResult>(
      { ok: false, message: "Not saved: fix the highlighted fields.", errors: result.errors },
      { status: 422 },
    );
  await saveShopSettings(db, session.shop, result.settings, result.timezone);
  return json<ActionResult>({ ok: true, message: "Settings saved." });
};

function Section(props: { title: string; description: string; children: ReactNode }) {
  return (
    <Layout.AnnotatedSection title={props.title} description={props.description}>
      <Card>
        <BlockStack gap="300">{props.children}</BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const s = data.settings;
  const errors = result?.errors ?? {};
  const [senderName, setSenderName] = useState(s.senderName);
  const [replyTo, setReplyTo] = useState(s.replyTo ?? "");
  const [logoUrl, setLogoUrl] = useState(s.brand.logoUrl ?? "");
  const [color, setColor] = useState(s.brand.color);
  const [softOptIn, setSoftOptIn] = useState(s.consent.abandonedCartSoftOptIn);
  const [capHours, setCapHours] = useState(String(s.frequencyCap.hours));
  const [surveysExempt, setSurveysExempt] = useState(s.frequencyCap.surveysExempt);
  const [quietEnabled, setQuietEnabled] = useState(s.quietHours.enabled);
  const [quietStart, setQuietStart] = useState(s.quietHours.start);
  const [quietEnd, setQuietEnd] = useState(s.quietHours.end);
  const [timezone, setTimezone] = useState(data.timezone);
  const [expiry, setExpiry] = useState(String(s.answerLinkExpiryDays));

  return (
    <Page title="Settings" subtitle="Apply to every campaign">
      <Form method="post">
        <BlockStack gap="400">
          <FeedbackBanner feedback={result} />
          <Layout>
            <Section title="Sender" description="Who your emails come from, and where replies go.">
              <TextField
                label="Sender name"
                name="senderName"
                autoComplete="off"
                value={senderName}
                onChange={setSenderName}
                placeholder={data.shopName}
                helpText="Empty: your store’s name."
                error={errors.senderName}
              />
              <TextField
                label="Reply-to address"
                name="replyTo"
                type="email"
                autoComplete="email"
                value={replyTo}
                onChange={setReplyTo}
                placeholder={data.shopEmail ?? ""}
                helpText="Empty: your store’s email address."
                error={errors.replyTo}
              />
            </Section>
            <Section
              title="Brand"
              description="Shown in every email and on the pages customers see after answering."
            >
              <TextField
                label="Logo URL"
                name="logoUrl"
                type="url"
                autoComplete="off"
                value={logoUrl}
                onChange={setLogoUrl}
                placeholder="https://…/logo.png"
                error={errors["brand.logoUrl"]}
              />
              <InlineStack gap="300" blockAlign="end">
                <div style={{ flex: "1 1 200px" }}>
                  <TextField
                    label="Brand colour"
                    name="color"
                    autoComplete="off"
                    value={color}
                    onChange={setColor}
                    helpText="#RRGGBB, used for buttons and links."
                    error={errors["brand.color"]}
                  />
                </div>
                <div
                  aria-hidden
                  style={{
                    width: 36,
                    height: 36,
                    borderRadius: 8,
                    border: "1px solid var(--p-color-border)",
                    background: /^#[0-9a-f]{6}$/i.test(color) ? color : "transparent",
                    marginBottom: 24,
                  }}
                />
              </InlineStack>
            </Section>
            <Section
              title="Consent"
              description="By default only customers subscribed to email marketing in Shopify get campaign emails."
            >
              <Checkbox
                label="Abandoned cart: soft opt-in for existing customers"
                name="abandonedCartSoftOptIn"
                checked={softOptIn}
                onChange={setSoftOptIn}
                helpText="Also remind customers who ordered before and never unsubscribed. Check that this is allowed where your customers live."
              />
            </Section>
            <Section title="Frequency cap" description="The most marketing email one customer gets from you.">
              <TextField
                label="At most one email every"
                name="frequencyCapHours"
                type="number"
                autoComplete="off"
                suffix="hours"
                min={0}
                max={168}
                value={capHours}
                onChange={setCapHours}
                helpText="0 turns the cap off."
                error={errors["frequencyCap.hours"]}
              />
              <Checkbox
                label="Post-purchase surveys don’t count towards the cap"
                name="surveysExempt"
                checked={surveysExempt}
                onChange={setSurveysExempt}
              />
            </Section>
            <Section
              title="Quiet hours"
              description="Emails due at night wait until the quiet hours end, in your time zone."
            >
              <Checkbox
                label="No emails during quiet hours"
                name="quietHoursEnabled"
                checked={quietEnabled}
                onChange={setQuietEnabled}
              />
              <InlineGrid columns={2} gap="300">
                <TextField
                  label="From"
                  name="quietStart"
                  type="time"
                  autoComplete="off"
                  value={quietStart}
                  onChange={setQuietStart}
                  error={errors["quietHours.start"]}
                  disabled={!quietEnabled}
                />
                <TextField
                  label="Until"
                  name="quietEnd"
                  type="time"
                  autoComplete="off"
                  value={quietEnd}
                  onChange={setQuietEnd}
                  error={errors["quietHours.end"]}
                  disabled={!quietEnabled}
                />
              </InlineGrid>
              {/* Disabled fields are not posted: keep the hours when quiet hours are off. */}
              {!quietEnabled ? (
                <>
                  <input type="hidden" name="quietStart" value={quietStart} />
                  <input type="hidden" name="quietEnd" value={quietEnd} />
                </>
              ) : null}
              <Select
                label="Time zone"
                name="timezone"
                options={data.timezones}
                value={timezone}
                onChange={setTimezone}
                error={errors.timezone}
                helpText="Your Shopify store’s time zone unless you change it here."
              />
            </Section>
            <Section title="Answer links" description="How long the answer buttons in an email keep working.">
              <TextField
                label="Links expire after"
                name="answerLinkExpiryDays"
                type="number"
                autoComplete="off"
                suffix="days"
                min={1}
                max={365}
                value={expiry}
                onChange={setExpiry}
                error={errors.answerLinkExpiryDays}
              />
            </Section>
          </Layout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>
              Save
            </Button>
          </InlineStack>
          <Text as="p" tone="subdued" variant="bodySm">
            Changes apply to emails scheduled from now on; quiet hours and the cap are checked again right
            before each send.
          </Text>
        </BlockStack>
      </Form>
    </Page>
  );
}
