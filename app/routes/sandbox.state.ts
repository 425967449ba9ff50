import { requireSandbox } from "../sandbox/sandbox.server";
import { sandboxState } from "../sandbox/state.server";

// The sandbox page polls this; the demo script and tests read it too.
export const loader = async () => {
  requireSandbox();
  return Response.json(await sandboxState(), { headers: { "Cache-Control": "no-store" } });
};
