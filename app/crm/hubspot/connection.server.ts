// A shop's HubSpot connection: stored with encrypted tokens, read back with a usable access token
// (refreshed shortly before it expires), marked broken when HubSpot refuses it, disconnected on
// request. Tokens never leave this module in logs or errors.
import type { Db, Tx } from "../../db.server";
import { env } from "../../env.server";
import { enqueue } from "../../jobs/jobs.server";
import { log } from "../../lib/log.server";
import { callHubSpot, describeOutcome, parseOk, UnexpectedResponse } from "./api.server";
import {
  accountDetailsSchema,
  HUBSPOT_REVOKE_PATH,
  HUBSPOT_TOKEN_PATH,
  tokenResponseSchema,
} from "./api-schemas";
import { provisionPropertiesJob } from "./jobs";
import { decryptToken, encryptToken } from "./token-crypto.server";

export type CrmConnectionRow = Awaited<ReturnType<Db["crmConnection"]["findUniqueOrThrow"]>>;
export type AuthType = "oauth" | "private_app";

/** Access tokens live 30 minutes; refresh when less than this is left, so no request uses a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** HubSpot's documented range for private apps; marketplace apps get 110. */
export const PRIVATE_APP_LIMITS = { min: 100, max: 190, default: 110 } as const;

export type NewConnection = {
  shop: string;
  portalId: string;
  authType: AuthType;
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
  requestsPer10s?: number;
};

/** Stores (or replaces) the shop's connection and schedules property provisioning, in one transaction. */
export async function saveConnection(tx: Tx, c: NewConnection) {
  const previous = await tx.crmConnection.findUnique({ where: { shop: c.shop }, select: { portalId: true } });
  const samePortal = previous?.portalId === c.portalId;
  const data = {
    portalId: c.portalId,
    authType: c.authType,
    accessTokenEnc: encryptToken(c.accessToken, env.TOKEN_ENCRYPTION_KEY),
    refreshTokenEnc: c.refreshToken ? encryptToken(c.refreshToken, env.TOKEN_ENCRYPTION_KEY) : null,
    expiresAt: c.expiresAt ?? null,
    status: "connected",
    statusReason: null,
    requestsPer10s: c.requestsPer10s ?? PRIVATE_APP_LIMITS.default,
    // Properties are per portal: another portal starts over (nothing is flushed until provisioned).
    ...(samePortal ? {} : { properties: {}, propertiesSyncedAt: null }),
  };
  await tx.crmConnection.upsert({ where: { shop: c.shop }, create: { shop: c.shop, ...data }, update: data });
  await enqueue(tx, provisionPropertiesJob, { shop: c.shop });
}

/**
 * What disconnecting did at HubSpot: an OAuth grant is revoked there (its refresh token deleted);
 * a private-app token can only be revoked by its owner, in HubSpot.
 */
export type DisconnectResult =
  | { revoked: "oauth" }
  | { revoked: "not_possible"; authType: AuthType | null }
  | { revoked: "failed"; reason: string };

export async function disconnect(db: Db, shop: string): Promise<DisconnectResult> {
  const conn = await db.crmConnection.findUnique({ where: { shop } });
  // Forget the tokens first: whatever HubSpot answers, Replyloop stops using them.
  // Pending writes stay queued: they go out if the shop connects again.
  await db.crmConnection.updateMany({
    where: { shop },
    data: {
      status: "disconnected",
      statusReason: "disconnected by the merchant",
      accessTokenEnc: "",
      refreshTokenEnc: null,
      expiresAt: null,
    },
  });
  if (conn?.authType !== "oauth" || !conn.refreshTokenEnc)
    return {
      revoked: "not_possible",
      authType: conn ? (conn.authType === "oauth" ? "oauth" : "private_app") : null,
    };
  const outcome = await callHubSpot({
    method: "POST",
    path: HUBSPOT_REVOKE_PATH,
    form: {
      client_id: env.HUBSPOT_CLIENT_ID,
      client_secret: env.HUBSPOT_CLIENT_SECRET,
      token: decryptToken(conn.refreshTokenEnc, env.TOKEN_ENCRYPTION_KEY),
      token_type_hint: "refresh_token",
    },
  });
  if (outcome.kind === "ok") return { revoked: "oauth" };
  log.warn("hubspot token revocation failed", { shop, outcome: describeOutcome(outcome) });
  return { revoked: "failed", reason: describeOutcome(outcome) };
}

export async function markBroken(db: Db, shop: string, reason: string) {
  log.warn("hubspot connection broken", { shop, reason });
  await db.crmConnection.updateMany({
    where: { shop, status: "connected" },
    data: { status: "broken", statusReason: reason.slice(0, 500) },
  });
}

export type TokenResult = { ok: true; token: string } | { ok: false; reason: string };

/**
 * A usable access token. OAuth tokens are refreshed when they expire within REFRESH_MARGIN_MS (or
 * when `force` says HubSpot just refused the current one). A refused refresh breaks the connection;
 * an unreachable HubSpot throws (retry later).
 */
export async function accessTokenFor(
  db: Db,
  conn: CrmConnectionRow,
  opts: { now: Date; force?: boolean },
): Promise<TokenResult> {
  if (conn.status !== "connected" || !conn.accessTokenEnc)
    return { ok: false, reason: `connection is ${conn.status}` };
  const current = decryptToken(conn.accessTokenEnc, env.TOKEN_ENCRYPTION_KEY);
  if (conn.authType !== "oauth") return { ok: true, token: current };
  const fresh = conn.expiresAt && conn.expiresAt.getTime() - opts.now.getTime() > REFRESH_MARGIN_MS;
  if (fresh && !opts.force) return { ok: true, token: current };
  if (!conn.refreshTokenEnc) return { ok: false, reason: "no refresh token" };
  // Concurrent refreshes from several workers are harmless: HubSpot keeps the refresh token valid
  // and each gets a working access token; the last one stored wins.
  const outcome = await callHubSpot({
    method: "POST",
    path: HUBSPOT_TOKEN_PATH,
    form: {
      grant_type: "refresh_token",
      client_id: env.HUBSPOT_CLIENT_ID,
      client_secret: env.HUBSPOT_CLIENT_SECRET,
      refresh_token: decryptToken(conn.refreshTokenEnc, env.TOKEN_ENCRYPTION_KEY),
    },
  });
  if (outcome.kind === "ok") {
    const tokens = parseOk(outcome, tokenResponseSchema, "token refresh");
    await db.crmConnection.updateMany({
      where: { id: conn.id },
      data: {
        accessTokenEnc: encryptToken(tokens.access_token, env.TOKEN_ENCRYPTION_KEY),
        refreshTokenEnc: encryptToken(tokens.refresh_token, env.TOKEN_ENCRYPTION_KEY),
        expiresAt: new Date(opts.now.getTime() + tokens.expires_in * 1000),
      },
    });
    return { ok: true, token: tokens.access_token };
  }
  if (outcome.kind === "rejected" || outcome.kind === "unauthorized") {
    const reason = `HubSpot refused the token refresh (${describeOutcome(outcome)}); connect again`;
    await markBroken(db, conn.shop, reason);
    return { ok: false, reason };
  }
  throw new UnexpectedResponse(`token refresh failed: ${describeOutcome(outcome)}`);
}

export type ConnectResult = { ok: true; portalId: string } | { ok: false; reason: string };

/** A private-app or service-key token pasted by an agency: checked against HubSpot, then stored. */
export async function connectWithToken(
  db: Db,
  input: { shop: string; token: string; requestsPer10s?: number },
): Promise<ConnectResult> {
  const token = input.token.trim();
  if (!token) return { ok: false, reason: "Paste the access token of the private app or service key." };
  const outcome = await callHubSpot({ method: "GET", path: "/account-info/v3/details", token });
  if (outcome.kind === "unauthorized") return { ok: false, reason: "HubSpot did not accept this token." };
  if (outcome.kind !== "ok")
    return { ok: false, reason: `Could not reach HubSpot to check the token (${describeOutcome(outcome)}).` };
  const { portalId } = parseOk(outcome, accountDetailsSchema, "account details");
  const limit = Math.min(
    PRIVATE_APP_LIMITS.max,
    Math.max(1, input.requestsPer10s ?? PRIVATE_APP_LIMITS.default),
  );
  await db.$transaction((tx) =>
    saveConnection(tx, {
      shop: input.shop,
      portalId,
      authType: "private_app",
      accessToken: token,
      requestsPer10s: limit,
    }),
  );
  return { ok: true, portalId };
}
