// A shop's stored messages, for whoever shows them (the sandbox inbox, the admin): newest first,
// and one message whole — headers, parts, or as a .eml file — whatever transport carried it.
// Shop-scoped: a message of another shop is not found.
import { z } from "zod";
import type { Tx } from "../db.server";
import { toMime } from "./mime";

const headersSchema = z.record(z.string(), z.string());

export async function listMessages(db: Tx, shop: string, options: { limit?: number; before?: Date } = {}) {
  return db.message.findMany({
    where: { shop, ...(options.before ? { createdAt: { lt: options.before } } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.limit ?? 50, 200),
    select: {
      id: true,
      campaign: true,
      step: true,
      toEmail: true,
      subject: true,
      transport: true,
      status: true,
      createdAt: true,
      submittedAt: true,
      deliveredAt: true,
      openedAt: true,
    },
  });
}

export async function getMessage(db: Tx, shop: string, id: string) {
  const message = await db.message.findFirst({ where: { id, shop } });
  if (!message) return null;
  const headers = headersSchema.safeParse(message.headers);
  return { ...message, headers: headers.success ? headers.data : {} };
}

/** The message as a .eml file (RFC 5322 with MIME parts), or null when the shop has no such message. */
export async function messageAsEml(db: Tx, shop: string, id: string) {
  const message = await getMessage(db, shop, id);
  return message ? toMime(message) : null;
}
