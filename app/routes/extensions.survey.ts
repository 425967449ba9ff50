// GET /extensions/survey?surface=&orderId=&locale=: the post-purchase survey the Thank-you / Order
// status block shows for an order (contract: extensions/post-purchase-survey/README.md). OPTIONS is
// the CORS preflight (Remix routes it to the loader).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { surveyForOrder } from "../answers/page-answers.server";
import { isSurface } from "../answers/page-survey";
import { languageTagSchema } from "../campaigns/page-texts";
import db from "../db.server";
import { orderGidSchema } from "../shopify/ids";
import { authenticateBuyer, corsJson } from "../server/storefront-auth.server";

const querySchema = z.object({
  surface: z.enum(["thank_you", "order_status"]),
  orderId: orderGidSchema,
  locale: languageTagSchema,
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const params = new URL(request.url).searchParams;
  const surface = params.get("surface");
  const buyer = await authenticateBuyer(request, isSurface(surface) ? surface : "thank_you");
  const query = querySchema.safeParse(Object.fromEntries(params));
  if (!query.success) return corsJson({ error: z.prettifyError(query.error) }, 400);
  return corsJson(await surveyForOrder(db, buyer, query.data));
};
