import db from "../db.server";

// Public liveness + database check for load balancers and uptime monitors.
export const loader = async () => {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.warn("healthz: database check failed", error instanceof Error ? error.message : error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
};
