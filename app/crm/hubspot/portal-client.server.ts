// Calls to one shop's portal: each attempt first takes a slot of the portal's shared rate limit,
// carries the connection's access token, and a 401/403 breaks the connection (after one token
// refresh for OAuth) so nothing keeps retrying with a token HubSpot refuses.
import type { Db } from "../../db.server";
import { callHubSpot, describeOutcome, type HubSpotCall, type HubSpotOutcome } from "./api.server";
import { accessTokenFor, markBroken, type CrmConnectionRow } from "./connection.server";
import { acquire, portalRateKey } from "./rate-limiter.server";

export type PortalOutcome =
  HubSpotOutcome | { kind: "throttled"; retryInMs: number } | { kind: "broken"; reason: string };

export class PortalClient {
  constructor(
    private readonly db: Db,
    private conn: CrmConnectionRow,
    private readonly opts: { now: () => Date; maxWaitMs: number },
  ) {}

  get portalId() {
    return this.conn.portalId;
  }

  async call(call: Omit<HubSpotCall, "token">): Promise<PortalOutcome> {
    let refreshed = false;
    for (;;) {
      const token = await accessTokenFor(this.db, this.conn, { now: this.opts.now(), force: refreshed });
      if (!token.ok) return { kind: "broken", reason: token.reason };
      const slot = await acquire(this.db, portalRateKey(this.conn.portalId), {
        limit: this.conn.requestsPer10s,
        maxWaitMs: this.opts.maxWaitMs,
      });
      if (!slot.granted) return { kind: "throttled", retryInMs: slot.retryInMs };
      const outcome = await callHubSpot({ ...call, token: token.token });
      if (outcome.kind !== "unauthorized") return outcome;
      if (this.conn.authType === "oauth" && !refreshed && outcome.status === 401) {
        refreshed = true;
        this.conn = await this.db.crmConnection.findUniqueOrThrow({ where: { id: this.conn.id } });
        continue;
      }
      const reason =
        outcome.status === 403
          ? `HubSpot refused access (${describeOutcome(outcome)}): check the app's scopes, then connect again`
          : `HubSpot rejected the access token (${describeOutcome(outcome)}): connect again`;
      await markBroken(this.db, this.conn.shop, reason);
      return { kind: "broken", reason };
    }
  }
}
