import { describe, expect, it } from "vitest";
import { shopAdminFetch } from "./admin-origin";
import { oncePerShop, sessionShop } from "./auth-once";

const token = (dest: string) =>
  ["e30", Buffer.from(JSON.stringify({ dest })).toString("base64url"), "sig"].join(".");
const request = (shop: string) => new Request(`https://app.example/app?id_token=${token(`https://${shop}`)}`);

describe("oncePerShop", () => {
  it("parallel requests of one shop: the first authenticates, the others wait for it", async () => {
    const sessions = new Set<string>();
    let exchanges = 0;
    const authenticate = async (req: Request) => {
      const shop = sessionShop(req) ?? "";
      if (!sessions.has(shop)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        exchanges++;
        sessions.add(shop);
      }
      return shop;
    };
    const once = oncePerShop(authenticate);
    const shops = await Promise.all([
      once(request("a.myshopify.com")),
      once(request("a.myshopify.com")),
      once(request("a.myshopify.com")),
      once(request("b.myshopify.com")),
    ]);
    expect(shops).toEqual(["a.myshopify.com", "a.myshopify.com", "a.myshopify.com", "b.myshopify.com"]);
    expect(exchanges).toBe(2);
  });

  it("a failed first attempt does not fail the others: each authenticates for itself", async () => {
    let calls = 0;
    const once = oncePerShop(async () => {
      if (calls++ === 0) throw new Response(null, { status: 302 });
      return "ok";
    });
    const [first, second] = await Promise.allSettled([
      once(request("c.myshopify.com")),
      once(request("c.myshopify.com")),
    ]);
    expect(first.status).toBe("rejected");
    expect(second).toEqual({ status: "fulfilled", value: "ok" });
  });

  it("reads the shop from the bearer token too; anything else is no key", () => {
    const bearer = new Request("https://app.example/app", {
      headers: { Authorization: `Bearer ${token("https://d.myshopify.com")}` },
    });
    expect(sessionShop(bearer)).toBe("d.myshopify.com");
    expect(sessionShop(new Request("https://app.example/app?id_token=garbage"))).toBeNull();
    expect(sessionShop(new Request("https://app.example/app"))).toBeNull();
  });
});

describe("shopAdminFetch", () => {
  it("sends a shop's admin requests to the configured origin, and nothing else", async () => {
    const seen: string[] = [];
    const fetchVia = shopAdminFetch("http://127.0.0.1:4010", async (input) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return new Response("{}");
    });
    await fetchVia("https://a.myshopify.com/admin/oauth/access_token");
    await fetchVia(
      new Request("https://a.myshopify.com/admin/api/2026-07/graphql.json?x=1", { method: "POST" }),
    );
    await fetchVia("https://api.hubapi.com/crm/v3/objects");
    expect(seen).toEqual([
      "http://127.0.0.1:4010/admin/oauth/access_token",
      "http://127.0.0.1:4010/admin/api/2026-07/graphql.json?x=1",
      "https://api.hubapi.com/crm/v3/objects",
    ]);
  });
});
