// Issue 8 acceptance, tenant isolation: for every admin route (app/routes/app*), shop A's session
// token with shop B's ids gets 404 (or sees only A's data), and nothing of B is read or changed.
// The table has one case per route module: a new route without a case fails the first test.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { adminClient, type AdminClient } from "./helpers/admin";
import { seedAdminShop, type AdminShop } from "./helpers/admin-data";
import { startBuiltApp } from "./helpers/app-server";
import { allRows } from "./helpers/db";

const routesDir = path.resolve(import.meta.dirname, "../app/routes");
/** Every admin route module: app.tsx and app.*.ts(x). */
const ADMIN_ROUTES = fs
  .readdirSync(routesDir)
  .filter((f) => /^app(\..+)?\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => f.replace(/\.tsx?$/, ""))
  .sort();

type Ctx = { a: AdminClient; A: AdminShop; B: AdminShop };
type Case = { loader?: (ctx: Ctx) => Promise<void>; action?: (ctx: Ctx) => Promise<void> };

let app: Awaited<ReturnType<typeof startBuiltApp>>;
let ctx: Ctx;

/** The response never mentions shop B: its marker, customer, portal or domain. */
async function expectNoLeak(res: Response, B: AdminShop) {
  const text = (await res.text()).toLowerCase();
  for (const secret of [B.marker.toLowerCase(), B.email, B.portalId, B.shop])
    expect(text, `leaks ${secret}`).not.toContain(secret.toLowerCase());
  return text;
}

async function json<T>(res: Response): Promise<T> {
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as T;
}

/** Shop B's rows, as text, to compare before and after each case. */
async function rowsOf(B: AdminShop) {
  return (await allRows())
    .filter((r) => r.text.includes(B.shop) || r.text.toLowerCase().includes(B.marker.toLowerCase()))
    .map((r) => `${r.model} ${r.text}`)
    .sort();
}

const route = (id: string) => `routes/${id}`;

const CASES: Record<string, Case> = {
  app: {
    loader: async ({ a, B }) => {
      const res = await a.load("/app", route("app"));
      expect(res.status).toBe(200);
      await expectNoLeak(res, B);
    },
  },
  "app._index": {
    loader: async ({ a, B }) => {
      const res = await a.load("/app?days=7", route("app._index"));
      expect(res.status).toBe(200);
      const body = await json<{ figures: { total: Record<string, number> } }>(res.clone());
      // A's own figures only (B has exactly the same scenario: doubled counts would show a leak).
      expect(body.figures.total).toMatchObject({
        entered: 1,
        sent: 1,
        delivered: 1,
        opened: 1,
        answered: 1,
        converted: 1,
        revenueCents: 5000,
      });
      await expectNoLeak(res, B);
    },
  },
  "app.campaigns._index": {
    loader: async ({ a, B }) => {
      const res = await a.load("/app/campaigns", route("app.campaigns._index"));
      expect(res.status).toBe(200);
      await expectNoLeak(res, B);
    },
    action: async ({ a, A }) => {
      const res = await a.act("/app/campaigns", route("app.campaigns._index"), {
        kind: "vip",
        enabled: "true",
      });
      expect(res.status).toBe(200);
      expect(
        await db.campaignConfig.findUnique({ where: { shop_kind: { shop: A.shop, kind: "vip" } } }),
      ).toMatchObject({ enabled: true });
    },
  },
  "app.campaigns.$kind": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/campaigns/abandoned_cart", route("app.campaigns.$kind"));
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(`owner@${A.shop}`);
      expect((await a.load("/app/campaigns/bogus", route("app.campaigns.$kind"))).status).toBe(404);
    },
    action: async ({ a, A, B }) => {
      const { form } = await json<{ form: { settings: { reminder: { content: Record<string, string> } } } }>(
        await a.load("/app/campaigns/abandoned_cart", route("app.campaigns.$kind")),
      );
      const settings = form.settings;
      settings.reminder.content.subject = "Saved by A";
      const saved = await a.act("/app/campaigns/abandoned_cart", route("app.campaigns.$kind"), {
        intent: "save",
        settings: JSON.stringify(settings),
      });
      expect(saved.status).toBe(200);
      const row = await db.campaignConfig.findUniqueOrThrow({
        where: { shop_kind: { shop: A.shop, kind: "abandoned_cart" } },
      });
      expect(JSON.stringify(row.settings)).toContain("Saved by A");
      const test = await a.act("/app/campaigns/abandoned_cart", route("app.campaigns.$kind"), {
        intent: "test",
        step: "reminder",
        settings: JSON.stringify(settings),
      });
      await expectNoLeak(test, B);
      expect(await db.message.count({ where: { toEmail: `owner@${A.shop}`, shop: A.shop } })).toBe(1);
      expect(
        (
          await a.act("/app/campaigns/bogus", route("app.campaigns.$kind"), {
            intent: "enable",
            enabled: "true",
          })
        ).status,
      ).toBe(404);
    },
  },
  "app.campaigns.$kind.preview": {
    action: async ({ a, A, B }) => {
      const { form } = await json<{ form: { settings: unknown } }>(
        await a.load("/app/campaigns/post_purchase", route("app.campaigns.$kind")),
      );
      const res = await a.act("/app/campaigns/post_purchase/preview", route("app.campaigns.$kind.preview"), {
        settings: JSON.stringify(form.settings),
        step: "survey",
      });
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(`${A.marker} store`.toLowerCase());
    },
  },
  "app.answers": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/answers?campaign=abandoned_cart", route("app.answers"));
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(A.email);
    },
  },
  "app.answers[.]csv": {
    loader: async ({ a, A, B }) => {
      const res = await a.resource("/app/answers.csv");
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(A.email);
    },
  },
  "app.sends._index": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/sends", route("app.sends._index"));
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(A.email);
    },
    action: async ({ a, B }) => {
      const res = await a.act("/app/sends", route("app.sends._index"), {
        intent: "cancel",
        sendId: B.scheduledSendId,
      });
      expect(res.status).toBe(404);
      await expectNoLeak(res, B);
    },
  },
  "app.sends.timeline": {
    loader: async ({ a, A, B }) => {
      expect(
        (await a.load(`/app/sends/timeline?journey=${B.journeyId}`, route("app.sends.timeline"))).status,
      ).toBe(404);
      // Asking for B's customer by address shows nothing of B's (the address itself is echoed back).
      const byEmail = await json<{ journeys: unknown[]; events: unknown[] }>(
        await a.load(`/app/sends/timeline?email=${encodeURIComponent(B.email)}`, route("app.sends.timeline")),
      );
      expect(byEmail).toMatchObject({ journeys: [], events: [] });
      const own = await a.load(`/app/sends/timeline?journey=${A.journeyId}`, route("app.sends.timeline"));
      expect(own.status).toBe(200);
      expect(await expectNoLeak(own, B)).toContain(`${A.marker} entered`.toLowerCase());
    },
  },
  "app.hubspot": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/hubspot", route("app.hubspot"));
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(A.portalId);
      const stolen = await a.load(`/app/hubspot?code=abc&state=${B.oauthState}`, route("app.hubspot"));
      expect(await stolen.text()).toContain("started by another store");
    },
    action: async ({ a, A }) => {
      expect((await a.act("/app/hubspot", route("app.hubspot"), { intent: "disconnect" })).status).toBe(200);
      expect(await db.crmConnection.findUnique({ where: { shop: A.shop } })).toMatchObject({
        status: "disconnected",
      });
    },
  },
  "app.settings": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/settings", route("app.settings"));
      expect(res.status).toBe(200);
      expect(await expectNoLeak(res, B)).toContain(`${A.marker} sender`.toLowerCase());
    },
    action: async ({ a, A }) => {
      const res = await a.act("/app/settings", route("app.settings"), {
        senderName: "A again",
        color: "#123456",
        frequencyCapHours: "12",
        quietHoursEnabled: "on",
        quietStart: "22:00",
        quietEnd: "07:00",
        timezone: "Europe/Paris",
        answerLinkExpiryDays: "30",
      });
      expect(res.status).toBe(200);
      expect(await db.shop.findUniqueOrThrow({ where: { domain: A.shop } })).toMatchObject({
        timezone: "Europe/Paris",
      });
    },
  },
  "app.sms": {
    loader: async ({ a, A, B }) => {
      const res = await a.load("/app/sms", route("app.sms"));
      expect(res.status).toBe(200);
      const text = await expectNoLeak(res, B);
      expect(text).toContain(`${A.marker} text`.toLowerCase());
      expect(text).toContain(`${A.marker} reply`.toLowerCase());
    },
    action: async ({ a, A }) => {
      const res = await a.act("/app/sms", route("app.sms"), { intent: "disconnect" });
      expect(res.status).toBe(200);
      expect(await db.smsConnection.findUnique({ where: { shop: A.shop } })).toBeNull();
    },
  },
  "app.agency": {
    loader: async ({ a, B }) => {
      const res = await a.load("/app/agency", route("app.agency"));
      expect(res.status).toBe(200);
      await expectNoLeak(res, B);
    },
    action: async ({ a, A, B }) => {
      const preview = await a.act("/app/agency", route("app.agency"), {
        intent: "preview",
        source: "preset",
        preset: "fashion",
      });
      expect(preview.status).toBe(200);
      await expectNoLeak(preview, B);
      const applied = await a.act("/app/agency", route("app.agency"), {
        intent: "apply",
        source: "preset",
        preset: "fashion",
      });
      expect(applied.status).toBe(200);
      const vip = await db.campaignConfig.findUniqueOrThrow({
        where: { shop_kind: { shop: A.shop, kind: "vip" } },
      });
      expect(JSON.stringify(vip.settings)).toContain('"minSpent":800');
    },
  },
  "app.agency[.]json": {
    loader: async ({ a, A, B }) => {
      const res = await a.resource("/app/agency.json");
      expect(res.status).toBe(200);
      const text = await expectNoLeak(res, B);
      // No secrets and no customer data of A either.
      expect(text).not.toContain("not-a-real-token");
      expect(text).not.toContain(A.email);
    },
  },
};

beforeAll(async () => {
  const A = await seedAdminShop("alpha-store.myshopify.com", "ALPHAQ");
  const B = await seedAdminShop("bravo-store.myshopify.com", "BRAVOQ");
  app = await startBuiltApp();
  ctx = { a: adminClient(app.url, A.shop), A, B };
});
afterAll(async () => {
  await app?.close();
});

describe("tenant isolation of the admin", () => {
  it("has a case for every admin route module, covering its loader and its action", async () => {
    expect(Object.keys(CASES).sort()).toEqual(ADMIN_ROUTES);
    for (const id of ADMIN_ROUTES) {
      const source = fs.readFileSync(
        path.join(
          routesDir,
          fs.readdirSync(routesDir).find((f) => f.replace(/\.tsx?$/, "") === id)!,
        ),
        "utf8",
      );
      const has = (name: string) =>
        new RegExp(`export (const|async function|function) ${name}\\b`).test(source);
      expect({ id, loader: has("loader"), action: has("action") }).toEqual({
        id,
        loader: CASES[id]?.loader !== undefined,
        action: CASES[id]?.action !== undefined,
      });
    }
  });

  const steps = ADMIN_ROUTES.flatMap((id) =>
    (["loader", "action"] as const).map((kind) => [id, kind] as const),
  );
  it.each(steps)("%s %s: shop A's token sees and changes nothing of shop B", async (id, kind) => {
    const run = CASES[id]?.[kind];
    if (!run) return; // the module has no such export (checked above)
    const before = await rowsOf(ctx.B);
    await run(ctx);
    expect(await rowsOf(ctx.B)).toEqual(before);
  });
});
