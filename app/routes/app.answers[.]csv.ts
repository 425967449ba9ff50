// Every confirmed answer matching the answers page's filters, as CSV (same filters, same shop).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CSV_HEADER, csvRow, listAnswers } from "../answers/admin.server";
import { csvDocument } from "../answers/csv";
import { parseAnswerFilters } from "../answers/filters";
import { loadShop } from "../campaigns/config.server";
import db from "../db.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop);
  const filters = parseAnswerFilters(new URL(request.url).searchParams, shop.timezone);
  const { answers } = await listAnswers(db, session.shop, filters);
  const name = `replyloop-answers-${session.shop.replace(/\.myshopify\.com$/, "")}-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csvDocument(CSV_HEADER, answers.map(csvRow)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
};
