// Webhook deliveries over HTTP, served ahead of Express and Remix (app/server/http-app.ts routes
// /webhooks): no Fetch Request, no route matching, no React — the method, a size-limited body and
// the headers go straight to their source (./webhooks.server.ts). Answers: 405 wrong method ·
// 413 over 1 MB (declared, or as soon as the stream passes it) · the source's answer · 503 when the
// database cannot be reached (the sender retries; nothing was acknowledged).
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDatabaseUnavailable } from "../db/unavailable";
import { errorText } from "../jobs/queue";
import { MAX_WEBHOOK_BYTES } from "../lib/http.server";
import { log } from "../lib/log.server";
import { NOT_ALLOWED, answer, type Delivery, type IntakeAnswer } from "./delivery";
import { webhookSource } from "./webhooks.server";

const TOO_LARGE = answer(413, "Payload too large");
const UNAVAILABLE = answer(503, "Service unavailable: try again", { "Retry-After": "5" });

/** Runs a delivery's source; a database that cannot be reached is a 503, anything else unexpected a 500. */
export async function handleDelivery(delivery: Delivery): Promise<IntakeAnswer> {
  if (delivery.method !== "POST") return NOT_ALLOWED;
  try {
    return await webhookSource(delivery.path)(delivery);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      log.warn("webhook not stored: database unavailable", { path: delivery.path, error: String(error) });
      return UNAVAILABLE;
    }
    log.error("webhook failed", { path: delivery.path, error: errorText(error) });
    return answer(500, "Internal error");
  }
}

/** The Node handler for every request under /webhooks. */
export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  let result: IntakeAnswer;
  if (method !== "POST") result = NOT_ALLOWED;
  else {
    const body = await readBody(req, MAX_WEBHOOK_BYTES);
    if (body === null) result = TOO_LARGE;
    else {
      const url = req.url ?? "/";
      const query = url.indexOf("?");
      result = await handleDelivery({
        method,
        url,
        path: query === -1 ? url : url.slice(0, query),
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        body,
      });
    }
  }
  if (res.headersSent || res.destroyed) return;
  res.writeHead(result.status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(result.text),
    ...result.headers,
  });
  res.end(result.text);
}

/**
 * The body as UTF-8 text, or null when it is over `maxBytes` — from Content-Length before reading,
 * or as soon as the stream passes the limit (the rest is left unread: the HTTP layer discards it
 * after the response, app/server/http-app.ts). A body that breaks off rejects.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onAborted = () => onError(new Error("request aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}
