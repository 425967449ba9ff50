// POST /extensions/survey/answers: one answer from the Thank-you / Order status block (contract:
// extensions/post-purchase-survey/README.md). 200 recorded (or a duplicate), 400 malformed or not
// accepted, 401 bad token, 404 an order that is not this buyer's shop's, 413 oversized. OPTIONS is
// the CORS preflight.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CONTRACT_VERSION } from "../../extensions/post-purchase-survey/src/api";
import { recordPageAnswer } from "../answers/page-answers.server";
import { isSurface } from "../answers/page-survey";
import { languageTagSchema } from "../campaigns/page-texts";
import { questionKeySchema } from "../campaigns/questions";
import { readBodyWithLimit } from "../lib/http.server";
import { parseJsonOrUndefined } from "../lib/json";
import { orderGidSchema } from "../shopify/ids";
import { authenticateBuyer, corsJson } from "../server/storefront-auth.server";

/** An answer request is a few hundred bytes; anything much larger is not one. */
const MAX_ANSWER_BYTES = 4096;

const answerSchema = z.object({
  surface: z.enum(["thank_you", "order_status"]),
  orderId: orderGidSchema,
  questionKey: questionKeySchema,
  value: z.string().min(1).max(40),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/),
  locale: languageTagSchema,
});

/** The preflight (OPTIONS); any other read is not this endpoint's. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateBuyer(request, "thank_you");
  return corsJson({ error: "POST an answer" }, 405);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return corsJson({ error: "POST an answer" }, 405);
  const body = await readBodyWithLimit(request, MAX_ANSWER_BYTES);
  if (!body.ok) return corsJson({ error: "answer too large" }, 413);
  const json = parseJsonOrUndefined(body.text);
  const surface: unknown =
    typeof json === "object" && json !== null ? Reflect.get(json, "surface") : undefined;
  const buyer = await authenticateBuyer(request, isSurface(surface) ? surface : "thank_you");
  const answer = answerSchema.safeParse(json);
  if (!answer.success) return corsJson({ error: z.prettifyError(answer.error) }, 400);
  const outcome = await recordPageAnswer(buyer, answer.data);
  return outcome.status === 200
    ? corsJson({ version: CONTRACT_VERSION, recorded: true, duplicate: outcome.duplicate })
    : corsJson({ error: outcome.message }, outcome.status);
};
