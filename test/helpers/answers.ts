// Emails as a recipient holds them, for the answer-link tests: sent through the outbox with links
// pointing at the test server, and the links pulled out of the HTML part like a mail client would.
import db from "../../app/db.server";
import { createEmailSender } from "../../app/email/sender.server";
import { createOutboxTransport } from "../../app/email/outbox/transport.server";
import { appClock } from "../../app/lib/app-clock.server";
import type { OutgoingEmail, TemplateKey } from "../../app/email/outgoing";
import { outgoingFor } from "./email";

export const HOUR_MS = 3_600_000;

/**
 * Sends `template` to the outbox, its links on `baseUrl`; delivered `deliveredAgoMs` ago (default an
 * hour) on the app clock (the clock a test installs moves it).
 */
export async function deliveredEmail(
  baseUrl: string,
  template: TemplateKey,
  options: { overrides?: Partial<OutgoingEmail>; deliveredAgoMs?: number } = {},
) {
  const sender = createEmailSender({
    db,
    transport: createOutboxTransport({ clock: appClock }),
    clock: appClock,
    config: {
      baseUrl,
      signingSecret: process.env.ANSWER_SIGNING_SECRET ?? "",
      fromAddress: process.env.EMAIL_FROM_ADDRESS ?? "",
      unsubscribeMailto: null,
    },
  });
  const email = outgoingFor(template, options.overrides);
  const outcome = await sender.send(email);
  if (outcome.status !== "sent") throw new Error(`not sent: ${JSON.stringify(outcome)}`);
  const at = new Date(appClock.now().getTime() - (options.deliveredAgoMs ?? HOUR_MS));
  const message = await db.message.update({ where: { id: outcome.messageId }, data: { submittedAt: at } });
  return {
    email,
    message,
    answerLinks: answerLinksOf(message.html),
    unsubscribeLink: unsubscribeLinkOf(message.html),
  };
}

const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&#34;/g, '"');

export function answerLinksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]*\/a\/[^"]+)"/g)].map((m) => decode(m[1] ?? ""));
}

export function unsubscribeLinkOf(html: string): string | null {
  const match = /href="([^"]*\/u\/[^"]+)"/.exec(html);
  return match?.[1] ? decode(match[1]) : null;
}

export function clickIdOf(page: string): string {
  const id = /name="click" value="([^"]+)"/.exec(page)?.[1];
  if (!id) throw new Error("no click id on the page");
  return id;
}

export const hasAutoConfirm = (page: string) =>
  page.includes('id="confirm"') && /<script nonce="[^"]+">/.test(page);

export async function answersOf(messageId: string) {
  return db.answer.findMany({ where: { messageId }, orderBy: { questionKey: "asc" } });
}
