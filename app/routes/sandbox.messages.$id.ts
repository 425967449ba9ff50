import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { getMessage } from "../email/messages.server";
import { requireSandbox, sandboxSeed } from "../sandbox/sandbox.server";

// One outbox email's HTML part, for the sandbox inbox's frame. Its answer buttons are the real links;
// like a mail client, the inbox opens links in a new tab (answer pages refuse to be framed).
export const loader = async ({ params }: LoaderFunctionArgs) => {
  requireSandbox();
  const message = await getMessage(db, sandboxSeed().shop.domain, params.id ?? "");
  if (!message) return new Response("Not Found", { status: 404 });
  const html = message.html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">');
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
};
