// Every confirmed answer matching the answers page's filters, as CSV (same filters, same shop),
// streamed a page of answers at a time.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CSV_HEADER, answerPages, csvRow } from "../answers/admin.server";
import { csvStream } from "../answers/csv";
import { parseAnswerFilters } from "../answers/filters";
import { readShop } from "../shops/shops.server";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await readShop(db, session.shop);
  const filters = parseAnswerFilters(new URL(request.url).searchParams, shop.timezone);
  const name = `replyloop-answers-${session.shop.replace(/\.myshopify\.com$/, "")}-${appClock.now().toISOString().slice(0, 10)}.csv`;
  async function* rows() {
    for await (const page of answerPages(db, session.shop, filters)) yield page.map(csvRow);
  }
  return new Response(csvStream(CSV_HEADER, rows()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
};
