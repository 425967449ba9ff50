// Small helpers for the public edges (webhooks, answer links).

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; response: Response };

/**
 * Reads a request body as UTF-8, refusing (413) anything over `maxBytes` — from Content-Length
 * before reading, or as soon as the stream passes the limit — so a huge body is never held whole.
 * The rest is left unread (the HTTP layer discards it after the response, app/server/http-app.ts).
 */
export async function readBodyWithLimit(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<BodyResult> {
  const tooLarge = () => ({ ok: false as const, response: plain(413, "Payload too large") });
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.releaseLock();
      return tooLarge();
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

export function plain(status: number, text: string, headers: HeadersInit = {}) {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

/** A route that only takes POST answers any other method with 405. */
export const postOnly = () => plain(405, "Method not allowed", { Allow: "POST" });
