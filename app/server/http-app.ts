// The Express app around the Remix build, shared by server.ts and the tests' in-process server.
// Plain Node 22 with type stripping imports this file directly: erasable TypeScript, no app imports.
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

/** Bodies left unread past this are not drained but cut off (a slow-loris upload gets no free ride). */
const MAX_DISCARDED_BYTES = 8 * 1024 * 1024;

export function createHttpApp(build: ServerBuild, options: { clientDir: string; mode: string }) {
  const app = express();
  app.disable("x-powered-by");
  app.use(discardUnreadBodies);
  app.use("/assets", express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(options.clientDir, { maxAge: "1h" }));
  const handle = createRequestHandler({ build, mode: options.mode });
  app.all("*", (req, res, next) => {
    handle(req, res, next).catch(next);
  });
  return app;
}

/**
 * A handler that answers before reading the whole body (405, 413, an early 401) leaves the rest of
 * it in the connection, and the keep-alive connection then stalls. Read and discard it instead.
 */
function discardUnreadBodies(req: express.Request, res: express.Response, next: express.NextFunction) {
  res.on("finish", () => {
    if (req.readableEnded || req.destroyed) return;
    let discarded = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) req.socket.destroy();
    });
    req.resume();
  });
  next();
}
