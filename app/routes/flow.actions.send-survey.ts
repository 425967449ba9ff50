// POST /flow/actions/send-survey: Shopify Flow runs the "Send a Replyloop survey" action
// (extensions/flow-send-survey, runtime_url). A forged or unsigned request is 401; the run is
// recorded once by its action_run_id and carried out by a job, so Flow gets its 200 at once.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { acceptSendSurvey } from "../flow/action.server";
import { appClock } from "../lib/app-clock.server";
import { plain, postOnly, readBodyWithLimit } from "../lib/http.server";
import { parseJsonOrUndefined } from "../lib/json";
import { authenticate } from "../shopify.server";
import { validateFlowRequest } from "../shopify/webhook-verifier.server";

const MAX_RUN_BYTES = 64 * 1024;

export const loader = postOnly;

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postOnly();
  const body = await readBodyWithLimit(request.clone(), MAX_RUN_BYTES);
  if (!body.ok) return body.response;
  if (!(await validateFlowRequest(body.text, request))) return plain(401, "Unauthorized");
  // The library checks the signature again and finds the shop's offline session (400 without one).
  const { session } = await authenticate.flow(request);
  const outcome = await acceptSendSurvey(session.shop, parseJsonOrUndefined(body.text), appClock.now());
  return outcome.status === 200
    ? json({ ok: true, replayed: outcome.replayed })
    : json({ ok: false, error: outcome.message }, { status: outcome.status });
};
