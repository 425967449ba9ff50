// OAuth for HubSpot's project app. The flow starts in the embedded admin (shop known from the
// Shopify session), HubSpot redirects the browser to our callback, the callback sends it back into
// the embedded admin, and only there — with the Shopify session again — is the code exchanged. The
// `state` is single-use, expires, and is bound to the shop that started: another shop's session
// cannot complete it.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db.server";
import { env } from "../../env.server";
import { callHubSpot, describeOutcome, parseOk } from "./api.server";
import { accountDetailsSchema, HUBSPOT_TOKEN_PATH, tokenResponseSchema } from "./api-schemas";
import { saveConnection } from "./connection.server";

export const HUBSPOT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.schemas.contacts.write",
] as const;
export const OAUTH_CALLBACK_PATH = "/hubspot/oauth/callback";
export const STATE_TTL_MS = 10 * 60_000;

export const oauthRedirectUri = () => new URL(OAUTH_CALLBACK_PATH, env.SHOPIFY_APP_URL).toString();

/** Creates a state for `shop` and returns HubSpot's authorize URL. */
export async function startOAuth(db: Db, shop: string, now = new Date()): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.oAuthState.create({ data: { state, shop, expiresAt: new Date(now.getTime() + STATE_TTL_MS) } });
  const url = new URL("/oauth/authorize", env.HUBSPOT_APP_BASE_URL);
  url.searchParams.set("client_id", env.HUBSPOT_CLIENT_ID);
  url.searchParams.set("redirect_uri", oauthRedirectUri());
  url.searchParams.set("scope", HUBSPOT_SCOPES.join(" "));
  url.searchParams.set("state", state);
  return url.toString();
}

/** The shop a live state belongs to (the callback uses it to send the browser back to that shop's admin). */
export async function shopOfState(db: Db, state: string, now = new Date()): Promise<string | undefined> {
  const row = await db.oAuthState.findUnique({ where: { state } });
  return row && row.expiresAt > now ? row.shop : undefined;
}

export type OAuthResult =
  | { ok: true; portalId: string }
  | { ok: false; reason: "invalid_state" | "state_of_another_shop" | "exchange_failed"; message: string };

/** Exchanges `code` for tokens on behalf of `shop` (the Shopify session's shop), if the state is its own. */
export async function completeOAuth(
  db: Db,
  input: { shop: string; state: string; code: string; now?: Date },
): Promise<OAuthResult> {
  const now = input.now ?? new Date();
  const row = await db.oAuthState.findUnique({ where: { state: input.state } });
  if (!row || row.expiresAt <= now)
    return {
      ok: false,
      reason: "invalid_state",
      message: "This HubSpot authorization expired or was already used. Start again.",
    };
  if (row.shop !== input.shop) {
    return {
      ok: false,
      reason: "state_of_another_shop",
      message: "This HubSpot authorization was started by another store.",
    };
  }
  // Single use: of two concurrent completions only one deletes the row.
  const { count } = await db.oAuthState.deleteMany({ where: { state: input.state, shop: input.shop } });
  if (count !== 1)
    return { ok: false, reason: "invalid_state", message: "This HubSpot authorization was already used." };

  const outcome = await callHubSpot({
    method: "POST",
    path: HUBSPOT_TOKEN_PATH,
    form: {
      grant_type: "authorization_code",
      client_id: env.HUBSPOT_CLIENT_ID,
      client_secret: env.HUBSPOT_CLIENT_SECRET,
      redirect_uri: oauthRedirectUri(),
      code: input.code,
    },
  });
  if (outcome.kind !== "ok")
    return {
      ok: false,
      reason: "exchange_failed",
      message: `HubSpot did not accept the authorization (${describeOutcome(outcome)}).`,
    };
  const tokens = parseOk(outcome, tokenResponseSchema, "token exchange");
  const portalId = tokens.hub_id ?? (await portalOf(tokens.access_token));
  if (!portalId)
    return {
      ok: false,
      reason: "exchange_failed",
      message: "HubSpot did not say which portal was connected. Try again.",
    };
  await db.$transaction((tx) =>
    saveConnection(tx, {
      shop: input.shop,
      portalId,
      authType: "oauth",
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
    }),
  );
  return { ok: true, portalId };
}

/** The portal an access token belongs to, from the account details (undefined if HubSpot does not say). */
async function portalOf(accessToken: string): Promise<string | undefined> {
  const outcome = await callHubSpot({ method: "GET", path: "/account-info/v3/details", token: accessToken });
  if (outcome.kind !== "ok") return undefined;
  const details = accountDetailsSchema.safeParse(outcome.body);
  return details.success ? details.data.portalId : undefined;
}
