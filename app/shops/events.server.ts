// The shop's own Shopify webhooks: a change of granted scopes. (Uninstall removes the sessions in
// its request, see lifecycle.server.ts; its journeys and sends end in campaigns' onShopUninstalled.)
// Event handlers, named by the routing table.
import { typedHandler } from "../events/event";
import { scopesUpdateSchema } from "../shopify/payloads";

/** app/scopes_update: the stored sessions carry the scopes now granted. */
export const onScopesUpdate = typedHandler(scopesUpdateSchema, async (tx, p, event) => {
  await tx.session.updateMany({ where: { shop: event.shop }, data: { scope: p.current.join(",") } });
});
