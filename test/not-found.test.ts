// Issue 15, seen by a new user: every page load logged a stack trace for /favicon.ico. The app has
// a favicon, and a path no route matches is a 404 with one warning line — never a server error
// (the console guard fails any test that logs one).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBuiltApp } from "./helpers/app-server";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  app = await startBuiltApp();
});
afterAll(() => app.close());

describe("what is not a page", () => {
  it("serves the favicon", async () => {
    const res = await fetch(`${app.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/icon/);
    // An ICO file: reserved 0, type 1 (icon).
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it("answers a path no route matches with a 404 and one warning line", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      for (const path of ["/no-such-page", "/sandbox", "/sandbox/state"]) {
        const res = await fetch(`${app.url}${path}`);
        expect(res.status, path).toBe(404);
      }
      const lines = warn.mock.calls.map((args) => args.map(String).join(" "));
      expect(lines.filter((l) => l.startsWith("not found"))).toEqual([
        'not found {"method":"GET","path":"/no-such-page"}',
        'not found {"method":"GET","path":"/sandbox"}',
        'not found {"method":"GET","path":"/sandbox/state"}',
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
