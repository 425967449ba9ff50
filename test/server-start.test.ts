// `npm start` as an operator runs it: the built server with the .env.example values.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readEnvExample } from "../scripts/env-example";

const root = path.resolve(import.meta.dirname, "..");

const exampleEnv = readEnvExample;

async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `node server.ts` (what `npm start` runs after migrating) with exactly `env`, in a scratch cwd. */
function startServer(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(root, "server.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    stdio: "pipe",
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, output: () => output };
}

describe("npm start", () => {
  it("serves /healthz = 200 with the .env.example values", async () => {
    const port = await freePort();
    const server = startServer({
      ...exampleEnv(),
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? "",
    });
    try {
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, server.output()).toBe(200);
      expect(server.output()).toContain(`listening on http://127.0.0.1:${port}`);
      // The sandbox is never mounted outside `npm run sandbox`.
      for (const path of [
        "/sandbox",
        "/sandbox/state",
        "/sandbox/admin",
        "/sandbox/session-token",
        "/sandbox/app-bridge.js",
      ]) {
        expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(404);
      }
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("refuses to start without SHOPIFY_API_SECRET, naming it", async () => {
    const env = exampleEnv();
    delete env.SHOPIFY_API_SECRET;
    const server = startServer({ ...env, DATABASE_URL: process.env.DATABASE_URL ?? "" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("SHOPIFY_API_SECRET: is missing");
  });

  it("refuses a malformed TOKEN_ENCRYPTION_KEY, naming it", async () => {
    const server = startServer({
      ...exampleEnv(),
      TOKEN_ENCRYPTION_KEY: "short",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/TOKEN_ENCRYPTION_KEY: must be 32 bytes/);
  });
});
