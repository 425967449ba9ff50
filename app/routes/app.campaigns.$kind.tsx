// One campaign's editor: delays, texts, questions (with the HubSpot property each answer goes to),
// discount and tiers; a live preview of each email with sample data; a test email to the shop's own
// address; on/off. Saving checks everything first (a Liquid error names its line) and changes
// nothing when anything is wrong.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSubmit,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, InlineGrid, Page } from "@shopify/polaris";
import { z } from "zod";
import { saveCampaignSettings, setCampaignEnabled } from "../campaigns/admin.server";
import { loadCampaign } from "../campaigns/config.server";
import { readShop } from "../shops/shops.server";
import { CAMPAIGN_LABELS, isCampaignKind } from "../campaigns/kinds";
import { sendTestEmail } from "../campaigns/preview.server";
import { emailSender } from "../server/composition.server";
import { EDITABLE_STEPS } from "../campaigns/steps";
import { checkCampaignSettings } from "../campaigns/validate.server";
import { CampaignFields, type CampaignForm } from "../components/campaign-editor/campaign-fields";
import { EmailPreview, type PreviewData } from "../components/campaign-editor/email-preview";
import { FeedbackBanner } from "../components/feedback";
import db from "../db.server";
import { formFields, jsonText } from "../lib/form-data";
import type { FieldErrors } from "../lib/form-errors";
import { badRequest, notFound } from "../lib/responses.server";
import { authenticate } from "../shopify.server";
import type { PreviewResponse } from "./app.campaigns.$kind.preview";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const kind = params.kind ?? "";
  if (!isCampaignKind(kind)) throw notFound("No such campaign");
  const [campaign, shop] = await Promise.all([
    loadCampaign(db, session.shop, kind),
    readShop(db, session.shop),
  ]);
  const form = { kind, settings: campaign.settings } as CampaignForm;
  return json({
    form,
    label: CAMPAIGN_LABELS[kind],
    enabled: campaign.enabled,
    steps: EDITABLE_STEPS[kind].map(({ id, label }) => ({ id, label })),
    shopEmail: shop.email,
    currency: shop.currency,
  });
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), settings: jsonText() }),
  z.object({ intent: z.literal("test"), settings: jsonText(), step: z.string().max(40) }),
  z.object({ intent: z.literal("enable"), enabled: z.enum(["true", "false"]) }),
]);

type ActionResult = { ok: boolean; message: string; intent: string; errors?: FieldErrors };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const kind = params.kind ?? "";
  if (!isCampaignKind(kind)) throw notFound("No such campaign");
  const parsed = actionSchema.safeParse(formFields(await request.formData()));
  if (!parsed.success) throw badRequest();
  const shop = session.shop;
  const label = CAMPAIGN_LABELS[kind];
  switch (parsed.data.intent) {
    case "save": {
      const saved = await saveCampaignSettings(db, shop, kind, parsed.data.settings);
      return json<ActionResult>(
        saved.ok
          ? { ok: true, intent: "save", message: `${label} saved.` }
          : {
              ok: false,
              intent: "save",
              message: "Not saved: fix the highlighted fields.",
              errors: saved.errors,
            },
        { status: saved.ok ? 200 : 422 },
      );
    }
    case "test": {
      const checked = checkCampaignSettings(kind, parsed.data.settings);
      if (!checked.ok)
        return json<ActionResult>(
          {
            ok: false,
            intent: "test",
            message: "Fix the highlighted fields before sending a test.",
            errors: checked.errors,
          },
          { status: 422 },
        );
      const sent = await sendTestEmail(db, shop, kind, checked.settings, parsed.data.step, emailSender);
      return json<ActionResult>(
        sent.ok
          ? { ok: true, intent: "test", message: `Test email sent to ${sent.to}.` }
          : { ok: false, intent: "test", message: sent.reason },
      );
    }
    case "enable": {
      const enabled = parsed.data.enabled === "true";
      await setCampaignEnabled(db, shop, kind, enabled);
      return json<ActionResult>({
        ok: true,
        intent: "enable",
        message: `${label} is ${enabled ? "on" : "off"}.`,
      });
    }
  }
};

// Previews post to their own route; they change nothing, so this page's data needs no reload.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.endsWith("/preview") ? false : defaultShouldRevalidate;

export default function CampaignEditor() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const preview = useFetcher<PreviewResponse>();
  const [form, setForm] = useState<CampaignForm>(data.form);
  const [stepId, setStepId] = useState(data.steps[0]?.id ?? "");
  const [savedText, setSavedText] = useState(JSON.stringify(data.form.settings));
  const [submittedText, setSubmittedText] = useState<string | null>(null);
  // While the form has errors the last preview that rendered stays on screen.
  const [shownPreview, setShownPreview] = useState<PreviewData | null>(null);
  useEffect(() => {
    if (preview.data?.preview) setShownPreview(preview.data.preview);
  }, [preview.data]);
  const settingsText = JSON.stringify(form.settings);
  const busyWith = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  useEffect(() => {
    // The preview follows the form, a moment after the merchant stops typing.
    const timer = setTimeout(() => {
      void preview.submit(
        { settings: settingsText, step: stepId },
        { method: "post", action: `/app/campaigns/${form.kind}/preview` },
      );
    }, 250);
    return () => clearTimeout(timer);
    // Not on `preview` itself: the fetcher's identity changes with every render.
  }, [settingsText, stepId, form.kind]);

  useEffect(() => {
    if (result?.intent === "save" && result.ok && submittedText !== null) setSavedText(submittedText);
  }, [result, submittedText]);

  const post = (fields: Record<string, string>) => submit(fields, { method: "post" });
  const save = () => {
    setSubmittedText(settingsText);
    post({ intent: "save", settings: settingsText });
  };
  const errors: FieldErrors = preview.data ? preview.data.errors : (result?.errors ?? {});
  const errorCount = Object.keys(errors).length;
  const dirty = settingsText !== savedText;

  return (
    <Page
      title={data.label}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
      titleMetadata={data.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
      primaryAction={{ content: "Save", onAction: save, disabled: !dirty, loading: busyWith === "save" }}
      secondaryActions={[
        {
          content: data.enabled ? "Turn off" : "Turn on",
          accessibilityLabel: `${data.enabled ? "Turn off" : "Turn on"} ${data.label}`,
          loading: busyWith === "enable",
          onAction: () => post({ intent: "enable", enabled: String(!data.enabled) }),
        },
        {
          content: "Send test email",
          helpText: data.shopEmail ? `To ${data.shopEmail}` : "Your store has no email address",
          disabled: !data.shopEmail,
          loading: busyWith === "test",
          onAction: () => post({ intent: "test", settings: settingsText, step: stepId }),
        },
      ]}
    >
      <BlockStack gap="400">
        <FeedbackBanner feedback={result} />
        {errorCount ? (
          <Banner
            tone="warning"
            title={`${errorCount} ${errorCount === 1 ? "field needs" : "fields need"} attention`}
          >
            <p>The highlighted fields can’t be saved as they are.</p>
          </Banner>
        ) : null}
        {dirty ? (
          <Banner tone="info">
            <p>You have unsaved changes.</p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400" alignItems="start">
          <CampaignFields form={form} onChange={setForm} errors={errors} currency={data.currency} />
          <Box position="sticky" insetBlockStart="400">
            <EmailPreview
              steps={data.steps}
              stepId={stepId}
              onStepChange={setStepId}
              preview={shownPreview}
              problem={
                preview.data?.problem ??
                (errorCount
                  ? "Fix the highlighted fields: the preview shows the last version that worked."
                  : null)
              }
              loading={preview.state !== "idle"}
            />
          </Box>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
