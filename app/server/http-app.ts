// The HTTP server around the Remix build, shared by server.ts and the tests' in-process server.
// Webhook deliveries (/webhooks/…) are served ahead of Express and Remix by the build's
// `handleWebhookRequest` (app/intake/http.server.ts): the hottest path of the app skips middleware,
// Fetch Requests, route matching and rendering (docs/decisions/0013). Everything else is the
// Express app with the Remix build.
// Plain Node 22 with type stripping imports this file directly: erasable TypeScript, no app imports.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

/** Bodies left unread past this are not drained but cut off (a slow-loris upload gets no free ride). */
const MAX_DISCARDED_BYTES = 8 * 1024 * 1024;

export type HttpAppOptions = {
  /** The built bundle, or (development) a loader that returns the current one. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  /** Built client assets to serve (production); absent when Vite serves them (development). */
  clientDir?: string;
  /** Middleware that runs before the app (development: Vite's; the sandbox's). */
  before?: express.RequestHandler[];
  /** Handlers mounted beside the app, ahead of its routes (sandbox mode: /sandbox). */
  mounts?: { path: string; handler: express.RequestHandler }[];
};

type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function isWebhookHandler(value: unknown): value is WebhookHandler {
  return typeof value === "function";
}

/** The build's webhook handler (exported by app/entry.server.tsx). */
function webhookHandlerOf(build: ServerBuild): WebhookHandler {
  const handler: unknown = Reflect.get(build.entry.module, "handleWebhookRequest");
  if (!isWebhookHandler(handler)) throw new Error("the build does not export handleWebhookRequest");
  return handler;
}

/** The webhook handler of the build: the production build's, or (development) the current one's. */
function webhooksOf(build: HttpAppOptions["build"]): WebhookHandler {
  return typeof build === "function"
    ? async (req, res) => webhookHandlerOf(await build())(req, res)
    : webhookHandlerOf(build);
}

/** Whether a request goes to the webhook intake (/webhooks or below it, any query). */
function isWebhookRequest(url: string | undefined): boolean {
  if (!url?.startsWith("/webhooks")) return false;
  const next = url.charAt("/webhooks".length);
  return next === "" || next === "/" || next === "?";
}

/** The Express app: static assets, the sandbox's mounts and the Remix build. */
function createHttpApp(options: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.use(expressDiscardUnreadBodies);
  for (const middleware of options.before ?? []) app.use(middleware);
  if (options.clientDir) {
    app.use(
      "/assets",
      express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }),
    );
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }
  for (const mount of options.mounts ?? []) app.use(mount.path, mount.handler);
  const handle = createRequestHandler({ build: options.build, mode: options.mode });
  app.all("*", (req, res, next) => {
    handle(req, res, next).catch(next);
  });
  return app;
}

/** The server: webhook deliveries straight to the intake, every other request to the Express app. */
export function createHttpServer(options: HttpAppOptions): http.Server {
  const app = createHttpApp(options);
  const webhooks = webhooksOf(options.build);
  return http.createServer((req, res) => {
    if (!isWebhookRequest(req.url)) return void app(req, res);
    discardUnreadBodies(req, res);
    webhooks(req, res).catch((error: unknown) => {
      // A sender that went away mid-body has no one to answer; anything else is a 500.
      if (req.destroyed || res.destroyed) return void res.destroy();
      console.error("webhook handler failed", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Internal error");
    });
  });
}

/**
 * A handler that answers before reading the whole body (405, 413, an early 401) leaves the rest of
 * it in the connection, and the keep-alive connection then stalls. Read and discard it instead.
 */
function discardUnreadBodies(req: IncomingMessage, res: ServerResponse) {
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
}

function expressDiscardUnreadBodies(req: express.Request, res: express.Response, next: express.NextFunction) {
  discardUnreadBodies(req, res);
  next();
}
