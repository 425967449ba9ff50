// This shop's whole configuration as a versioned JSON file (app/agency/config-file.ts): campaigns,
// texts, questions, tiers, settings and property mappings — no secrets, no customer data.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportConfig } from "../agency/agency.server";
import db from "../db.server";
import { appClock } from "../lib/app-clock.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = appClock.now();
  const file = await exportConfig(db, session.shop, now);
  const name = `replyloop-config-${session.shop.replace(/\.myshopify\.com$/, "")}-${now.toISOString().slice(0, 10)}.json`;
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
};
