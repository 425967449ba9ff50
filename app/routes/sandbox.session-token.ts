import { requireSandbox, sandboxSeed } from "../sandbox/sandbox.server";
import { sandboxSessionToken } from "../sandbox/session-token.server";

// A fresh session token for the demo shop: what App Bridge would hand the embedded admin.
export const loader = async () => {
  requireSandbox();
  return Response.json(sandboxSessionToken(sandboxSeed().shop.domain), { headers: { "Cache-Control": "no-store" } });
};
