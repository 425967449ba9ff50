// One token exchange per session. Remix runs the loaders of a page in parallel, and on a store's
// first admin load each of them (app.tsx and the page's own) would find no offline session and
// exchange the session token for one — two exchanges where Shopify expects one. Requests of the
// same shop that arrive while one is authenticating wait for it, then authenticate themselves (now
// finding the stored session). Only within one process; that is where parallel loaders run.
import { z } from "zod";

const claimsSchema = z.looseObject({ dest: z.url() });

/** The shop a request's session token names (unverified: a key only; authenticating verifies it). */
export function sessionShop(request: Request): string | null {
  const token =
    new URL(request.url).searchParams.get("id_token") ??
    /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return claims.success ? new URL(claims.data.dest).hostname : null;
  } catch {
    return null; // not a JWT: authenticating refuses it on its own
  }
}

export function oncePerShop<R>(authenticate: (request: Request) => Promise<R>) {
  const inFlight = new Map<string, Promise<R>>();
  return async (request: Request): Promise<R> => {
    const shop = sessionShop(request);
    const earlier = shop ? inFlight.get(shop) : undefined;
    // Its outcome (a session, a redirect, an error) is the other request's to report.
    if (earlier) await Promise.allSettled([earlier]);
    const attempt = authenticate(request);
    if (shop && !inFlight.has(shop)) {
      inFlight.set(shop, attempt);
      void Promise.allSettled([attempt]).then(() => {
        if (inFlight.get(shop) === attempt) inFlight.delete(shop);
      });
    }
    return attempt;
  };
}
