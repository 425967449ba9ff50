// The email module's entry points for the rest of the app (the sender itself, with its transport,
// is built by the composition root, app/server/composition.server.ts):
// - emailConfig: links, signing and the From address, from the environment;
// - renderPreview: the email as a recipient would get it, without storing or sending (admin);
// - validateStepContent: a merchant's texts checked for Liquid errors, with lines (admin).
import { checkTexts, type FieldProblem } from "./content";
import { composeEmail, type ComposeConfig } from "./compose";
import db from "../db.server";
import { env } from "../env.server";
import { appClock } from "../lib/app-clock.server";
import { linkSigningKey } from "../lib/keys.server";
import type { OutgoingEmail, StepContent, TemplateKey } from "./outgoing";
import { dataScope } from "./render";
import { sampleData } from "./sample-data";
import { senderFor } from "./sender.server";

export const emailConfig: ComposeConfig = {
  baseUrl: env.SHOPIFY_APP_URL,
  signingSecret: linkSigningKey,
  fromAddress: env.EMAIL_FROM_ADDRESS,
  unsubscribeMailto: env.UNSUBSCRIBE_MAILTO ?? null,
};

/** The message id previews are rendered for: no message has it, so preview links lead nowhere. */
export const PREVIEW_MESSAGE_ID = "preview";

export type Preview =
  | {
      ok: true;
      subject: string;
      preheader: string;
      html: string;
      amp: string | null;
      text: string;
      headers: Record<string, string>;
    }
  | { ok: false; reason: string };

/** The email exactly as it would be sent (same templates, same rendering), stored and sent nowhere. */
export async function renderPreview(email: OutgoingEmail): Promise<Preview> {
  const composed = await composeEmail(
    email,
    { messageId: PREVIEW_MESSAGE_ID },
    appClock.now(),
    await senderFor(db, email),
    emailConfig,
  );
  if (!composed.ok) return { ok: false, reason: composed.reason };
  const m = composed.message;
  return {
    ok: true,
    subject: m.subject,
    preheader: m.preheader,
    html: m.html,
    amp: m.amp,
    text: m.text,
    headers: m.headers,
  };
}

/**
 * A merchant's texts for a step, checked: each problem names the field, line and column. Rendered
 * against sample data of that step, so errors that only show when rendering are found too.
 */
export function validateStepContent(template: TemplateKey, content: StepContent): FieldProblem[] {
  return checkTexts(content, dataScope(sampleData(template)));
}
