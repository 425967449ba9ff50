// The shop's own Shopify webhooks: uninstall (whose request already removed the sessions, see
// lifecycle.server.ts) and a change of granted scopes. Event handlers, named by the routing table.
import { typedHandler, type EventHandler } from "../events/event";
import { scopesUpdateSchema } from "../shopify/payloads";
import { cancelAllPendingSends } from "./lifecycle.server";

/** app/uninstalled, in its job: nothing more is sent for this shop. */
export const onAppUninstalled: EventHandler = async (tx, event) => {
  await cancelAllPendingSends(tx, event.shop, "app uninstalled");
};

/** app/scopes_update: the stored sessions carry the scopes now granted. */
export const onScopesUpdate = typedHandler(scopesUpdateSchema, async (tx, p, event) => {
  await tx.session.updateMany({ where: { shop: event.shop }, data: { scope: p.current.join(",") } });
});
