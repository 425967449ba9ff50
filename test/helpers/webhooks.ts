// A webhook delivery handed to intake in this process, as the HTTP layer hands it over
// (app/intake/http.server.ts): for tests that act as Shopify without going through a server.
import { handleDelivery } from "../../app/intake/http.server";

export async function deliverWebhook(request: Request) {
  const url = new URL(request.url);
  const body = await request.text();
  return handleDelivery({
    method: request.method,
    url: `${url.pathname}${url.search}`,
    path: url.pathname,
    header: (name) => request.headers.get(name) ?? undefined,
    body,
  });
}
