// npm run bench:intake — webhook intake throughput of the built app against a bare Node server.
//
// Both servers receive the same correctly signed orders/create deliveries (the Shopify sample),
// each with a unique X-Shopify-Event-Id so the app stores every one. The bare server only verifies
// the HMAC and answers 200: the floor any Node webhook endpoint pays. The app verifies, parses,
// validates, stores the event and enqueues its job in one transaction (SQLite, like `npm start`);
// its worker is off unless BENCH_WORKER=true (the worker is a separate process in production).
// The fixed-rate runs send at evenly spaced instants (open loop) and time each delivery from the
// instant it was due, so a stalled server cannot hide its queue (no coordinated omission).
// autocannon's own rate limit sends each second's quota in a burst, which measures bursts instead.
// Baseline: the bare server. Goals: app ÷ bare ≥ 0.6 in requests/s; p99 < 100 ms at 500 requests/s.
import { spawn } from "node:child_process";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { deployMigrations } from "../db/deploy.ts";
import { projectRoot } from "../db/prisma-cli.ts";
import { readEnvExample } from "../env-example.ts";
import { readFixture } from "../fixtures.ts";

const SECRET = "bench-secret";
const SHOP = "bench-store.myshopify.com";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// The goal's rate first; the lower one shows where the app stands when it misses it.
const RATES = (process.env.BENCH_RATES ?? "500,400").split(",").map(Number);
const body = readFixture("shopify/orders_create.json");
const hmac = createHmac("sha256", SECRET).update(body, "utf8").digest("base64");

function headers(): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-hmac-sha256": hmac,
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": SHOP,
    "x-shopify-api-version": "2026-07",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

async function bareServer() {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const expected = Buffer.from(
        createHmac("sha256", SECRET).update(Buffer.concat(chunks)).digest("base64"),
      );
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""));
      const ok = expected.length === given.length && timingSafeEqual(expected, given);
      res.writeHead(ok ? 200 : 401).end(ok ? "ok" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((r) => server.close(r)),
  };
}

async function appServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
  deployMigrations(databaseUrl);
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join(projectRoot, "server.ts")], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...readEnvExample(),
      SHOPIFY_API_SECRET: SECRET,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: "error",
      JOBS_IN_PROCESS: process.env.BENCH_WORKER ?? "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error("the app did not start (did you run npm run build?)");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    databaseUrl,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Result = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function drive(
  url: string,
  options: { connections: number; seconds: number; rate?: number },
): Promise<Result> {
  const result = await autocannon({
    url: `${url}/webhooks/orders/create`,
    method: "POST",
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      { method: "POST", body, setupRequest: (req: autocannon.Request) => ({ ...req, headers: headers() }) },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Open-loop load: delivery i is due at start + i/rate; latency counts from that instant. */
async function driveAtRate(url: string, options: { rate: number; seconds: number }): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(`${url}/webhooks/orders/create`);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        target,
        {
          method: "POST",
          agent,
          headers: { ...headers(), "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            if (res.statusCode !== 200) non2xx++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const total = options.rate * options.seconds;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
    for (; sent < due; sent++) inFlight.push(send(start + (sent / options.rate) * 1000));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), non2xx, errors };
}

const fmt = (r: Result) =>
  `${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;

const bare = await bareServer();
const app = await appServer();
try {
  console.log(
    `bench:intake — signed orders/create (${Buffer.byteLength(body)} B), ${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} cores`,
  );
  await drive(app.url, { connections: CONNECTIONS, seconds: 2 }); // warm-up (JIT, SQLite page cache)
  const bareResult = await drive(bare.url, { connections: CONNECTIONS, seconds: SECONDS });
  const appResult = await drive(app.url, { connections: CONNECTIONS, seconds: SECONDS });
  const paced: [number, Result][] = [];
  for (const rate of RATES) paced.push([rate, await driveAtRate(app.url, { rate, seconds: SECONDS })]);
  console.log(`bare HMAC server   ${fmt(bareResult)}`);
  console.log(`Replyloop (SQLite) ${fmt(appResult)}`);
  console.log(`ratio app ÷ bare   ${(appResult.rps / bareResult.rps).toFixed(2)}   (goal ≥ 0.60)`);
  for (const [rate, result] of paced)
    console.log(`Replyloop at ${rate} req/s: ${fmt(result)}${rate === 500 ? "   (goal p99 < 100 ms)" : ""}`);
} finally {
  await app.stop();
  await bare.stop();
}
