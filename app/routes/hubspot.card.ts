// The backend of the Replyloop card on HubSpot contact records (hubspot/src/app/cards/), called by
// the card through hubspot.fetch. HubSpot signs each call (v3) and appends portalId, userId,
// userEmail and appId to the URL; the signature covers the URL, so the portal can be trusted and
// the data is scoped to the shops connected to it. Unsigned or stale calls get 401.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { cardData, cardQuerySchema } from "../crm/hubspot/card-data.server";
import { verifyHubSpotRequest } from "../crm/hubspot/signature.server";
import db from "../db.server";
import { env } from "../env.server";
import { plain, readBodyWithLimit } from "../lib/http.server";
import { log } from "../lib/log.server";

async function handle(request: Request) {
  const body = await readBodyWithLimit(request);
  if (!body.ok) return body.response;
  const signature = verifyHubSpotRequest(request, body.text, {
    url: env.SHOPIFY_APP_URL,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
  });
  if (!signature.ok) return plain(401, "Unauthorized");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = cardQuerySchema.safeParse({
    portalId: params.portalId,
    objectId: params.objectId,
    email: params.email || undefined,
  });
  if (!query.success) return plain(400, "expected portalId and objectId");
  const started = Date.now();
  const data = await cardData(db, query.data);
  log.debug("hubspot card served", {
    portalId: query.data.portalId,
    answers: data.answers.length,
    ms: Date.now() - started,
  });
  return new Response(JSON.stringify(data), {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => handle(request);
export const action = ({ request }: ActionFunctionArgs) => handle(request);
