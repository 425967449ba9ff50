// Small JSON HTTP servers (the fake Shopify Admin, the sandbox's control API): the body is read whole
// before the handler runs, answers are JSON (or a page), and a handler that throws answers 500
// instead of leaving the request hanging.
import http from "node:http";

export type SandboxRequest = {
  method: string;
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
};
export type SandboxReply = {
  json(status: number, body: unknown): void;
  html(status: number, page: string): void;
};

export function createJsonServer(
  handle: (request: SandboxRequest, reply: SandboxReply) => Promise<void> | void,
): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply: SandboxReply = {
        json(status, body) {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(body));
        },
        html(status, page) {
          res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
          res.end(page);
        },
      };
      const path = req.url ?? "/";
      const request = {
        method: req.method ?? "GET",
        path,
        url: new URL(path, "http://127.0.0.1"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      Promise.resolve()
        .then(() => handle(request, reply))
        .catch((error: unknown) => {
          if (!res.headersSent)
            reply.json(500, { error: error instanceof Error ? error.message : String(error) });
        });
    });
  });
}
