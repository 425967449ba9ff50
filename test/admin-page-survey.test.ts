// Issue 16, the merchant's side: the post-purchase editor saves the delivery mode (page then email,
// page only, email only), the page texts and translations — refusing bad ones field by field — and
// the block shows what was saved; agency files and presets carry the mode; the dashboard and the
// answers list tell Thank-you page answers from email answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentConfig } from "../app/agency/agency.server";
import { PRESETS } from "../app/agency/presets";
import { loadCampaign, saveCampaign } from "../app/campaigns/config.server";
import { defaultSettings, postPurchaseSettingsSchema } from "../app/campaigns/settings";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { ManualClock } from "../app/lib/clock";
import { adminClient } from "./helpers/admin";
import { startBuiltApp } from "./helpers/app-server";
import { campaignStore } from "./helpers/campaign-store";
import { seedShop } from "./helpers/shopify";
import { mintCheckoutToken, orderGid, surveyBlock } from "./helpers/storefront";

const SHOP = "page-editor.myshopify.com";
const OTHER = "page-editor-copy.myshopify.com";
const clock = new ManualClock("2026-06-01T10:00:00Z");
installClock(clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(SHOP, { name: "Page Editor" });
  await seedShop(OTHER, { name: "Copy" });
  await db.$transaction((tx) => saveCampaign(tx, SHOP, "post_purchase", { enabled: true }));
  app = await startBuiltApp();
});
afterAll(() => app?.close());

type SaveResult = { ok: boolean; message: string; errors?: Record<string, string> };
const save = async (settings: unknown) => {
  const res = await adminClient(app.url, SHOP).act(
    "/app/campaigns/post_purchase",
    "routes/app.campaigns.$kind",
    {
      intent: "save",
      settings: JSON.stringify(settings),
    },
  );
  return { status: res.status, body: (await res.json()) as SaveResult };
};

describe("the post-purchase editor", () => {
  it("starts at page then email, and saves page only with French texts the block then shows", async () => {
    const loaded = await adminClient(app.url, SHOP).load(
      "/app/campaigns/post_purchase",
      "routes/app.campaigns.$kind",
    );
    const data = (await loaded.json()) as { form: { settings: { delivery: string; page: object } } };
    expect(data.form.settings.delivery).toBe("page_then_email");
    expect(data.form.settings.page).toEqual({
      language: "en",
      thanks: "Thank you for your feedback!",
      error: "Your answer could not be saved.",
      retry: "Try again",
    });

    const settings = {
      ...defaultSettings("post_purchase"),
      delivery: "page_only",
      page: { language: "en", thanks: "Thanks a lot!", error: "Not saved.", retry: "Again" },
      translations: { fr: { "nps.prompt": "Nous recommanderiez-vous ?", "page.thanks": "Merci beaucoup !" } },
    };
    const saved = await save(settings);
    expect(saved.body).toMatchObject({ ok: true });
    const campaign = await loadCampaign(db, SHOP, "post_purchase");
    expect(campaign.settings.delivery).toBe("page_only");
    expect(campaign.definition.page).toBe("instead_of_email");

    await campaignStore(SHOP, clock).order("orders/create", { id: "9901", email: "fr@example.com" }, 9901, {
      created_at: clock.now().toISOString(),
    });
    const block = surveyBlock(app.url, () => mintCheckoutToken(SHOP));
    const french = (await (await block.survey(orderGid(9901), { locale: "fr-FR" })).json()) as {
      question: { prompt: string };
      texts: { thanks: string; retry: string };
    };
    expect(french.question.prompt).toBe("Nous recommanderiez-vous ?");
    expect(french.texts).toMatchObject({ thanks: "Merci beaucoup !", retry: "Again" });
  });

  it("refuses a bad mode, an empty page text or a translation of nothing, field by field, and keeps what was saved", async () => {
    const base = { ...defaultSettings("post_purchase") };
    const bad = await save({
      ...base,
      delivery: "sms_only",
      page: { ...base.page, thanks: "" },
      translations: { "fr fr": { "page.thanks": "Merci" }, de: { "email.subject": "Hallo" } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors ?? {})).toEqual(expect.arrayContaining(["delivery", "page.thanks"]));
    expect(Object.keys(bad.body.errors ?? {}).some((k) => k.startsWith("translations"))).toBe(true);
    expect((await loadCampaign(db, SHOP, "post_purchase")).settings.delivery).toBe("page_only");
  });
});

describe("agency files and presets", () => {
  it("an exported file carries the mode and the translations; importing it sets them", async () => {
    const exported = await adminClient(app.url, SHOP).resource("/app/agency.json");
    const file = await exported.text();
    expect(JSON.parse(file)).toMatchObject({
      campaigns: { post_purchase: { settings: { delivery: "page_only", translations: { fr: {} } } } },
    });
    const res = await adminClient(app.url, OTHER).act("/app/agency", "routes/app.agency", {
      intent: "apply",
      source: "file",
      file,
      fileName: "page-editor.json",
    });
    expect(await res.json()).toMatchObject({ ok: true });
    const copied = await currentConfig(db, OTHER);
    expect(copied.campaigns.post_purchase.settings).toMatchObject({
      delivery: "page_only",
      translations: { fr: { "page.thanks": "Merci beaucoup !" } },
    });
  });

  it("presets choose a mode: the fashion store asks on the Thank-you page first, the subscription business by email", async () => {
    const modes = Object.fromEntries(
      PRESETS.map((p) => [
        p.id,
        postPurchaseSettingsSchema.parse(p.file.campaigns.post_purchase?.settings).delivery,
      ]),
    );
    expect(modes).toEqual({ fashion: "page_then_email", subscription: "email_only" });
    for (const preset of PRESETS) {
      await adminClient(app.url, OTHER).act("/app/agency", "routes/app.agency", {
        intent: "apply",
        source: "preset",
        preset: preset.id,
      });
      expect((await loadCampaign(db, OTHER, "post_purchase")).settings.delivery, preset.id).toBe(
        modes[preset.id],
      );
    }
  });
});

describe("where customers answered", () => {
  it("the dashboard splits answers by source, and the answers list names the Thank-you page", async () => {
    await campaignStore(SHOP, clock).order(
      "orders/create",
      { id: "9902", email: "split@example.com" },
      9902,
      {
        name: "#9902",
        created_at: clock.now().toISOString(),
      },
    );
    const block = surveyBlock(app.url, () => mintCheckoutToken(SHOP));
    expect((await block.answer({ orderId: orderGid(9902), questionKey: "nps", value: "9" })).status).toBe(
      200,
    );
    expect(
      (await block.answer({ orderId: orderGid(9902), questionKey: "nps_loved", value: "delivery" })).status,
    ).toBe(200);
    // And one answered in a survey email (a message with two answers: one "answered").
    for (const [questionKey, value] of [
      ["nps", "6"],
      ["nps_went_wrong", "price"],
    ] as const)
      await db.answer.create({
        data: {
          shop: SHOP,
          messageId: "email-message-1",
          campaign: "post_purchase",
          questionKey,
          value,
          email: "mail@example.com",
          channel: "link",
          answeredAt: clock.now(),
        },
      });

    const admin = adminClient(app.url, SHOP);
    const dashboard = (await (await admin.load("/app?days=7", "routes/app._index")).json()) as {
      figures: {
        answeredBySource: Record<string, number>;
        campaigns: { post_purchase: { answered: number } };
      };
    };
    expect(dashboard.figures.answeredBySource).toEqual({ thank_you_page: 1, email: 1 });
    expect(dashboard.figures.campaigns.post_purchase.answered).toBe(2);
    const page = await admin.page("/app?days=7");
    const html = await page.text();
    expect(html).toContain("Answers by source");
    expect(html).toContain("Thank-you page");

    const list = (await (await admin.load("/app/answers", "routes/app.answers")).json()) as {
      answers: { questionKey: string; sourceLabel: string; email: string }[];
    };
    const split = list.answers.filter((a) => a.email === "split@example.com");
    expect(split.map((a) => [a.questionKey, a.sourceLabel]).sort()).toEqual([
      ["nps", "Thank-you page"],
      ["nps_loved", "Thank-you page"],
    ]);
  });
});
