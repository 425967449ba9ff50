// PLACEHOLDER until the Interactive email work (issue 5) lands: stores each email in the outbox
// as plain text so campaigns can run end to end. Replaced by the real renderer and transports.
import db from "../db.server";
import { env } from "../env.server";
import type { EmailSender } from "./outgoing";

export const emailSender: EmailSender = {
  async send(email) {
    const existing = await db.message.findUnique({ where: { sendId: email.sendId }, select: { id: true } });
    if (existing) return { status: "duplicate", messageId: existing.id };
    const subject = email.content.subject ?? `${email.data.shop.name}: ${email.step}`;
    const text = [subject, ...email.questions.map((q) => q.prompt)].join("\n\n");
    const message = await db.message.create({
      data: {
        shop: email.shop,
        sendId: email.sendId,
        campaign: email.campaign,
        step: email.step,
        toEmail: email.to.email,
        fromAddr: env.EMAIL_FROM_ADDRESS,
        subject,
        headers: {},
        html: `<pre>${text.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</pre>`,
        text,
        transport: "outbox",
        status: "delivered",
      },
    });
    return { status: "sent", messageId: message.id, transport: "outbox" };
  },
};
