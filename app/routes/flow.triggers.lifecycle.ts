// POST /flow/triggers/lifecycle: Shopify Flow's trigger lifecycle callback
// (extensions/flow-trigger-lifecycle): whether a shop has an enabled workflow that starts with
// "Replyloop answer received". Signed like Flow's action requests (forged: 401); answered at once,
// since a merchant cannot enable the workflow until we do.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { lifecycleCallbackSchema, recordTriggerUse } from "../flow/triggers.server";
import { plain, postOnly, readBodyWithLimit } from "../lib/http.server";
import { parseJsonOrUndefined } from "../lib/json";
import { sanitizeShop, validateFlowRequest } from "../shopify/webhook-verifier.server";

export const loader = postOnly;

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postOnly();
  const body = await readBodyWithLimit(request, 16 * 1024);
  if (!body.ok) return body.response;
  if (!(await validateFlowRequest(body.text, request))) return plain(401, "Unauthorized");
  const callback = lifecycleCallbackSchema.safeParse(parseJsonOrUndefined(body.text));
  if (!callback.success) return plain(400, z.prettifyError(callback.error));
  const shop = sanitizeShop(callback.data.shopify_domain);
  if (!shop) return plain(400, "shopify_domain is not a shop domain");
  const result = await db.$transaction((tx) =>
    recordTriggerUse(tx, {
      shop,
      definitionId: callback.data.flow_trigger_definition_id,
      enabled: callback.data.has_enabled_flow,
      at: new Date(callback.data.timestamp),
    }),
  );
  return json({ ok: true, changed: result.changed });
};
