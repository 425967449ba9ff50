// Stand-ins for how HubSpot and SendGrid sign what they send us.
import { createHmac, createSign, generateKeyPairSync } from "node:crypto";

/** HubSpot v3: base64 HMAC-SHA256 of method + URI + body + timestamp, keyed with the client secret. */
export function hubspotV3Headers(opts: {
  url: string;
  body: string;
  method?: string;
  timestamp?: number;
  secret?: string;
}) {
  const timestamp = String(opts.timestamp ?? Date.now());
  const source = `${opts.method ?? "POST"}${opts.url}${opts.body}${timestamp}`;
  const signature = createHmac("sha256", opts.secret ?? process.env.HUBSPOT_CLIENT_SECRET ?? "")
    .update(source)
    .digest("base64");
  return {
    "Content-Type": "application/json",
    "X-HubSpot-Signature-v3": signature,
    "X-HubSpot-Request-Timestamp": timestamp,
  };
}

/** A SendGrid Event Webhook key pair: the public key as Mail Settings shows it (base64 DER). */
export function sendgridKeys() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    sign(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
      const signer = createSign("sha256");
      signer.update(timestamp + body);
      return {
        "Content-Type": "application/json",
        "X-Twilio-Email-Event-Webhook-Signature": signer.sign(privateKey).toString("base64"),
        "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
      };
    },
  };
}
