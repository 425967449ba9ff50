// Composing one message: links signed for this message and recipient, the three parts rendered
// from the cached template version, and the headers. Pure apart from the template cache; shared by
// the sender (which stores and transmits the result) and the admin preview (which only shows it).
import { formatAddress, unsubscribeHeaders } from "./headers";
import { ampEndpoint, recipientLinks } from "./links";
import type { OutgoingEmail } from "./outgoing";
import { describeProblem, renderEmail, type RenderProblem } from "./render";
import { textsFor } from "./templates/defaults";
import { layoutSpec, type LayoutSpec } from "./templates/layout-spec";
import type { CompileResult } from "./compile.server";

export type ComposeConfig = {
  /** Public base URL of the app (SHOPIFY_APP_URL): answer, AMP and unsubscribe links point here. */
  baseUrl: string;
  signingSecret: string;
  fromAddress: string;
  unsubscribeMailto?: string | null;
};

/** What the shop's settings say about its emails. */
export type ShopSender = { senderName: string; replyTo: string | null; answerLinkExpiryDays: number };

/** Who a shop's emails come from, and how long their answer links last (from the shop as read). */
export function senderOf(shop: {
  email: string | null;
  settings: { senderName: string; replyTo?: string | null; answerLinkExpiryDays: number };
}): ShopSender {
  return {
    senderName: shop.settings.senderName,
    replyTo: shop.settings.replyTo ?? shop.email,
    answerLinkExpiryDays: shop.settings.answerLinkExpiryDays,
  };
}

export type ComposedMessage = {
  version: string;
  from: { email: string; name: string };
  replyTo: string | null;
  to: string;
  subject: string;
  preheader: string;
  html: string;
  amp: string | null;
  text: string;
  /** Every header of the message as a mail client would see it (stored with the message). */
  headers: Record<string, string>;
  /** The headers a transport must add (SendGrid sets From/To/Subject/Reply-To itself). */
  extraHeaders: Record<string, string>;
};

export type ComposeResult =
  { ok: true; message: ComposedMessage } | { ok: false; reason: string; problem: RenderProblem };

const DAY_MS = 86_400_000;

export type ComposeOptions = {
  /** How the template version is compiled: the cache (default), or — the benchmark's baseline — afresh. */
  compile?: (spec: LayoutSpec) => Promise<CompileResult>;
};

export async function composeEmail(
  email: OutgoingEmail,
  ids: { messageId: string },
  now: Date,
  shop: ShopSender,
  config: ComposeConfig,
  options: ComposeOptions = {},
): Promise<ComposeResult> {
  const to = email.to.email.trim().toLowerCase();
  const links = recipientLinks({
    secret: config.signingSecret,
    baseUrl: config.baseUrl,
    shop: email.shop,
    messageId: ids.messageId,
    email: to,
    questions: email.questions,
    expiresAt: new Date(now.getTime() + shop.answerLinkExpiryDays * DAY_MS),
    marketing: email.marketing,
  });
  const spec = layoutSpec(email, ampEndpoint(config.baseUrl));
  const rendered = await renderEmail(
    spec,
    textsFor(email.template, email.content),
    email.data,
    links,
    options.compile,
  );
  if (!rendered.ok)
    return {
      ok: false,
      reason: `Template error: ${describeProblem(rendered.problem)}`,
      problem: rendered.problem,
    };

  const fromName = shop.senderName.trim() || email.data.shop.name;
  const extraHeaders = email.marketing
    ? unsubscribeHeaders(links.unsubscribeUrl, config.unsubscribeMailto)
    : {};
  const headers: Record<string, string> = {
    From: formatAddress(config.fromAddress, fromName),
    To: to,
    Subject: rendered.email.subject,
    ...(shop.replyTo ? { "Reply-To": shop.replyTo } : {}),
    ...extraHeaders,
  };
  return {
    ok: true,
    message: {
      version: rendered.email.version,
      from: { email: config.fromAddress, name: fromName },
      replyTo: shop.replyTo,
      to,
      subject: rendered.email.subject,
      preheader: rendered.email.preheader,
      html: rendered.email.html,
      amp: rendered.email.amp,
      text: rendered.email.text,
      headers,
      extraHeaders,
    },
  };
}
