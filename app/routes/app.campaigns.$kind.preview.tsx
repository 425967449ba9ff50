// The campaign editor's live preview (a fetcher posts here as the merchant types): the settings
// being edited, checked like a save would check them, and one email rendered with sample data.
// Nothing is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { isCampaignKind } from "../campaigns/kinds";
import { previewStep } from "../campaigns/preview.server";
import { checkCampaignSettings } from "../campaigns/validate.server";
import type { PreviewData } from "../components/campaign-editor/email-preview";
import db from "../db.server";
import { ampForDisplay } from "../email/preview-display";
import { formFields, jsonText } from "../lib/form-data";
import type { FieldErrors } from "../lib/form-errors";
import { badRequest, notFound } from "../lib/responses.server";
import { authenticate } from "../shopify.server";

const input = z.object({ settings: jsonText(), step: z.string().max(40) });

export type PreviewResponse = { errors: FieldErrors; preview: PreviewData | null; problem: string | null };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const kind = params.kind ?? "";
  if (!isCampaignKind(kind)) throw notFound();
  const parsed = input.safeParse(formFields(await request.formData()));
  if (!parsed.success) throw badRequest();
  const checked = checkCampaignSettings(kind, parsed.data.settings);
  if (!checked.ok) return json<PreviewResponse>({ errors: checked.errors, preview: null, problem: null });
  const rendered = await previewStep(db, session.shop, kind, checked.settings, parsed.data.step);
  if (!rendered.ok) return json<PreviewResponse>({ errors: {}, preview: null, problem: rendered.reason });
  const { subject, preheader, html, amp, text } = rendered;
  return json<PreviewResponse>({
    errors: {},
    preview: { subject, preheader, html, ampDisplay: amp ? ampForDisplay(amp) : null, text },
    problem: null,
  });
};
