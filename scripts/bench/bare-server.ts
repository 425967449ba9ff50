// The baselines of `npm run bench:intake`, each in a process of its own (like the app):
//   node scripts/bench/bare-server.ts            verifies the HMAC and answers 200 — the floor any
//                                                Node webhook endpoint pays;
//   node scripts/bench/bare-server.ts <sqlite>   also parses the body and commits the event and a
//                                                job row to SQLite (WAL, one transaction per
//                                                event-loop tick) before answering: the physical
//                                                limit of "durable before 200" on this machine.
// Prints `listening <port>` once it accepts connections. The secret comes from BENCH_SECRET.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";

const secret = process.env.BENCH_SECRET ?? "bench-secret";
const file = process.argv[2];
const db = file ? new Database(file) : null;
db?.pragma("journal_mode = WAL");
db?.pragma("synchronous = NORMAL");
db?.exec("CREATE TABLE IF NOT EXISTS event (id TEXT PRIMARY KEY, shop TEXT, topic TEXT, payload TEXT)");
db?.exec("CREATE TABLE IF NOT EXISTS job (id INTEGER PRIMARY KEY, event TEXT)");
const insertEvent = db?.prepare("INSERT OR IGNORE INTO event VALUES (?, ?, ?, ?)");
const insertJob = db?.prepare("INSERT INTO job (event) VALUES (?)");

type Pending = { id: string; shop: string; topic: string; payload: string; done: () => void };
let pending: Pending[] = [];
const commit = db?.transaction((batch: Pending[]) => {
  for (const p of batch) if (insertEvent?.run(p.id, p.shop, p.topic, p.payload).changes) insertJob?.run(p.id);
});
function flush() {
  const batch = pending;
  pending = [];
  commit?.(batch);
  for (const p of batch) p.done();
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const expected = Buffer.from(createHmac("sha256", secret).update(raw).digest("base64"));
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""));
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return res.writeHead(401).end();
    if (!db) return res.writeHead(200).end("ok");
    const payload = JSON.stringify(JSON.parse(raw.toString("utf8")));
    if (pending.length === 0) setImmediate(flush);
    pending.push({
      id: String(req.headers["x-shopify-event-id"]),
      shop: String(req.headers["x-shopify-shop-domain"]),
      topic: String(req.headers["x-shopify-topic"]),
      payload,
      done: () => res.writeHead(200).end("ok"),
    });
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => db?.close()));
