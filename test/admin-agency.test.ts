// Issue 8 acceptance, agency tools: a shop's configuration exported and imported into another shop
// (previewed as a list of changes first); presets; and files that must not be imported — an unknown
// version, a bad template, not a configuration at all — refused with a clear error, nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentConfig } from "../app/agency/agency.server";
import { CONFIG_FORMAT, readConfigFile, type ConfigFile } from "../app/agency/config-file";
import { PRESETS } from "../app/agency/presets";
import { saveCampaign } from "../app/campaigns/config.server";
import { defaultSettings } from "../app/campaigns/settings";
import db from "../app/db.server";
import { adminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { allRows } from "./helpers/db";
import { seedShop } from "./helpers/shopify";

const SOURCE = "agency-source.myshopify.com";
const TARGET = "agency-target.myshopify.com";
const ROUTE = "routes/app.agency";

let app: Awaited<ReturnType<typeof startBuiltApp>>;

type ActionBody = {
  ok: boolean;
  intent: string;
  message?: string;
  problems?: string[];
  changes?: { label: string; before: string; after: string }[];
};

async function post(shop: string, form: Record<string, string>) {
  const res = await adminClient(app.url, shop).act("/app/agency", ROUTE, form);
  return { status: res.status, body: (await res.json()) as ActionBody };
}

async function exported(shop: string): Promise<ConfigFile> {
  const res = await adminClient(app.url, shop).resource("/app/agency.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="replyloop-config-.+\.json"/);
  const read = readConfigFile(await res.text());
  if (!read.ok) throw new Error(read.problems.join("; "));
  return read.file;
}

const snapshot = async () =>
  (await allRows())
    .filter((r) => r.model !== "Session")
    .map((r) => `${r.model} ${r.text}`)
    .sort();

beforeAll(async () => {
  await seedShop(SOURCE, { name: "Source Client" });
  await seedShop(TARGET, { name: "Target Client" });
  const cart = defaultSettings("abandoned_cart");
  const vip = defaultSettings("vip");
  await db.$transaction(async (tx) => {
    await saveCampaign(tx, SOURCE, "abandoned_cart", {
      enabled: true,
      settings: {
        ...cart,
        reminder: { delayMinutes: 90, content: { subject: "Forgot something, {{ customer.first_name }}?" } },
        questions: [...cart.questions, { key: "gift", kind: "yes_no", prompt: "Is it a gift?" }],
      },
    });
    await saveCampaign(tx, SOURCE, "vip", {
      enabled: true,
      settings: {
        ...vip,
        tiers: { silver: { minOrders: 2, minSpent: null }, gold: { minOrders: 5, minSpent: 500 } },
      },
    });
  });
  await db.shop.update({
    where: { domain: SOURCE },
    data: { settings: { senderName: "Source Team", frequencyCap: { hours: 30, surveysExempt: true } } },
  });
  app = await startBuiltApp();
});
afterAll(async () => {
  await app?.close();
});

describe("agency configuration", () => {
  it("exports a versioned file with campaigns, texts, questions, tiers, settings and property mappings", async () => {
    const file = await exported(SOURCE);
    expect(file).toMatchObject({ format: CONFIG_FORMAT, version: 1, source: "Source Client" });
    expect(file.campaigns.abandoned_cart).toMatchObject({
      enabled: true,
      settings: { reminder: { delayMinutes: 90 } },
    });
    expect(file.propertyMappings).toContainEqual({
      campaign: "abandoned_cart",
      question: "gift",
      property: "replyloop_q_gift",
    });
    expect(file.propertyMappings).toContainEqual({
      campaign: "post_purchase",
      question: "nps",
      property: "replyloop_last_nps_score",
    });
    expect(file.shopSettings).toMatchObject({
      senderName: "Source Team",
      frequencyCap: { hours: 30, surveysExempt: true },
    });
  });

  it("imports into another shop: preview lists the changes and changes nothing; apply makes the shops' configurations equal", async () => {
    const file = JSON.stringify(await exported(SOURCE));
    const before = await snapshot();
    const preview = await post(TARGET, { intent: "preview", source: "file", file, fileName: "source.json" });
    expect(preview.status).toBe(200);
    expect(preview.body.changes).toContainEqual(
      expect.objectContaining({
        label: "Abandoned cart › Reminder › Subject",
        before: "(not set)",
        after: "Forgot something, {{ customer.first_name }}?",
      }),
    );
    expect(preview.body.changes).toContainEqual(
      expect.objectContaining({
        label: "VIP › Tiers › Gold › Minimum orders",
        before: "(empty)",
        after: "5",
      }),
    );
    expect(preview.body.changes).toContainEqual(
      expect.objectContaining({ label: "Abandoned cart › Enabled", before: "off", after: "on" }),
    );
    expect(preview.body.changes).toContainEqual(
      expect.objectContaining({
        label: "Abandoned cart › Question 2 › Prompt",
        before: "(not set)",
        after: "Is it a gift?",
      }),
    );
    expect(await snapshot()).toEqual(before);

    const applied = await post(TARGET, { intent: "apply", source: "file", file, fileName: "source.json" });
    expect(applied.body).toMatchObject({ ok: true, intent: "apply" });
    expect(await currentConfig(db, TARGET)).toEqual(await currentConfig(db, SOURCE));
    // Importing the same file again: nothing left to change.
    expect(
      (await post(TARGET, { intent: "preview", source: "file", file, fileName: "source.json" })).body.changes,
    ).toEqual([]);
  });

  it("refuses a file of an unknown version, saying so, and changes nothing", async () => {
    const file = { ...(await exported(SOURCE)), version: 2 };
    const before = await snapshot();
    for (const intent of ["preview", "apply"]) {
      const { status, body } = await post(TARGET, {
        intent,
        source: "file",
        file: JSON.stringify(file),
        fileName: "future.json",
      });
      expect(status).toBe(422);
      expect(body.message).toBe("future.json can’t be imported. Nothing was changed.");
      expect(body.problems).toEqual([
        expect.stringContaining(
          "Unknown configuration version: this file has version 2, and this Replyloop reads version 1",
        ),
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a file with a bad template, naming the field and line, and changes nothing", async () => {
    const file = await exported(SOURCE);
    const entry = file.campaigns.abandoned_cart!;
    const settings = entry.settings as { reminder: { content: Record<string, string> } };
    settings.reminder.content.body = "Hello {{ customer.first_name }},\n{% if cart %}unclosed";
    const before = await snapshot();
    const { status, body } = await post(TARGET, {
      intent: "apply",
      source: "file",
      file: JSON.stringify(file),
      fileName: "broken.json",
    });
    expect(status).toBe(422);
    expect(body.problems).toEqual([
      expect.stringMatching(
        /^Abandoned cart › Reminder › Body: Line 2, column 1: tag \{% if cart %\} not closed/,
      ),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses what is not a configuration: not JSON, another format, wrong shapes", async () => {
    const before = await snapshot();
    const cases: [string, RegExp][] = [
      ["{ not json", /not valid JSON/],
      [JSON.stringify({ hello: "world" }), /not a Replyloop configuration file/],
      [
        JSON.stringify({
          format: CONFIG_FORMAT,
          version: 1,
          campaigns: { vip: { enabled: "yes", settings: {} } },
        }),
        /campaigns\.vip\.enabled/,
      ],
      [
        JSON.stringify({
          format: CONFIG_FORMAT,
          version: 1,
          campaigns: { vip: { enabled: true, settings: { tiers: { gold: { minOrders: 0, minSpent: 5 } } } } },
        }),
        /VIP › Tiers › Gold › Minimum orders: Must be at least 1/,
      ],
      [
        JSON.stringify({
          format: CONFIG_FORMAT,
          version: 1,
          campaigns: {},
          shopSettings: { quietHours: { enabled: true, start: "9pm", end: "08:00" } },
        }),
        /Settings › Quiet hours › Start/,
      ],
      [
        JSON.stringify({ format: CONFIG_FORMAT, version: 1, campaigns: {}, secrets: { token: "x" } }),
        /Unrecognized key/,
      ],
    ];
    for (const [file, problem] of cases) {
      const { status, body } = await post(TARGET, {
        intent: "apply",
        source: "file",
        file,
        fileName: "x.json",
      });
      expect(status, file).toBe(422);
      expect(body.problems?.join("\n"), file).toMatch(problem);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("applies a preset, keeping the shop's sender and brand", async () => {
    await db.shop.update({
      where: { domain: TARGET },
      data: { settings: { senderName: "Target Team", brand: { color: "#aa0000" } } },
    });
    for (const preset of PRESETS) {
      const { body } = await post(TARGET, { intent: "apply", source: "preset", preset: preset.id });
      expect(body, preset.id).toMatchObject({ ok: true, intent: "apply" });
      const config = await currentConfig(db, TARGET);
      expect(config.shopSettings).toMatchObject({ senderName: "Target Team", brand: { color: "#aa0000" } });
    }
    const config = await currentConfig(db, TARGET);
    expect(config.campaigns.post_purchase.settings.questions.map((q) => q.key)).toEqual([
      "nps",
      "delivery_frequency",
    ]);
    expect(config.campaigns.vip.enabled).toBe(false);
  });
});
