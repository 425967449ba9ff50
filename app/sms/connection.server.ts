// A shop's Twilio account: stored with its auth token encrypted (AES-256-GCM, TOKEN_ENCRYPTION_KEY,
// like HubSpot tokens), read back for the transport and for verifying Twilio's webhooks, marked
// broken when Twilio refuses the credentials or the sender, removed on request. The token never
// leaves this module in logs, errors, pages or exported configurations.
import { z } from "zod";
import { decryptToken, encryptToken } from "../crm/hubspot/token-crypto.server";
import type { Db, Tx } from "../db.server";
import { env } from "../env.server";
import { isE164, textablePhone } from "../lib/phone";
import type { TwilioAccount } from "./twilio/transport.server";

export const twilioCredentialsSchema = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(
      /^AC[0-9a-fA-F]{32}$/,
      "An Account SID is AC followed by 32 letters and digits (Twilio console → Account info).",
    ),
  authToken: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, "The auth token is 32 letters and digits (Twilio console → Account info)."),
  /** A phone number of the account (E.164) or a Messaging Service SID (MG…). */
  sender: z
    .string()
    .trim()
    .transform((v) => (v.startsWith("MG") ? v : textablePhone(v)))
    .refine(
      (v) => /^MG[0-9a-fA-F]{32}$/.test(v) || isE164(v),
      "A phone number of the account in international form (+14155550123) or a Messaging Service SID (MG…).",
    ),
});
export type TwilioCredentials = z.input<typeof twilioCredentialsSchema>;

export type TwilioConnection = TwilioAccount & { shop: string; status: string; statusReason: string | null };

/** Stores (or replaces) the shop's Twilio account; returns the problems by field when it is not one. */
export async function saveTwilioConnection(db: Tx, shop: string, input: TwilioCredentials) {
  const parsed = twilioCredentialsSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false as const,
      errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
    };
  const { accountSid, authToken, sender } = parsed.data;
  const service = sender.startsWith("MG");
  const data = {
    accountSid,
    authTokenEnc: encryptToken(authToken, env.TOKEN_ENCRYPTION_KEY),
    fromNumber: service ? null : sender,
    messagingServiceSid: service ? sender : null,
    status: "connected",
    statusReason: null,
  };
  await db.smsConnection.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  return { ok: true as const };
}

/** The shop's Twilio account with its token decrypted, or null when the shop has none. */
export async function twilioConnectionOf(db: Tx, shop: string): Promise<TwilioConnection | null> {
  const row = await db.smsConnection.findUnique({ where: { shop } });
  if (!row) return null;
  return {
    shop,
    accountSid: row.accountSid,
    authToken: decryptToken(row.authTokenEnc, env.TOKEN_ENCRYPTION_KEY),
    fromNumber: row.fromNumber,
    messagingServiceSid: row.messagingServiceSid,
    status: row.status,
    statusReason: row.statusReason,
  };
}

/** What the admin shows: never the token. */
export async function smsConnectionStatus(db: Db, shop: string) {
  const row = await db.smsConnection.findUnique({
    where: { shop },
    select: {
      accountSid: true,
      fromNumber: true,
      messagingServiceSid: true,
      status: true,
      statusReason: true,
      updatedAt: true,
    },
  });
  return row
    ? {
        connected: true as const,
        accountSid: row.accountSid,
        sender: row.fromNumber ?? row.messagingServiceSid ?? "",
        status: row.status,
        statusReason: row.statusReason,
      }
    : { connected: false as const };
}

/** Twilio refused the account or its sender: the admin says so until the merchant saves new credentials. */
export async function markTwilioBroken(db: Tx, shop: string, reason: string) {
  await db.smsConnection.updateMany({ where: { shop }, data: { status: "broken", statusReason: reason } });
}

export async function disconnectTwilio(db: Tx, shop: string) {
  await db.smsConnection.deleteMany({ where: { shop } });
}
