// Issue 8, the admin pages through the built app with a shop's session token: the campaign editor
// (inline validation naming the Liquid line, live preview, test email), pending sends (cancel →
// decisions on the timeline), answers (filters, CSV escaping, HubSpot state, clicks kept apart)
// and settings (errors on their fields, nothing saved).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerPages, listAnswers, type AnswerRow } from "../app/answers/admin.server";
import { parseAnswerFilters } from "../app/answers/filters";
import { loadCampaign } from "../app/campaigns/config.server";
import { readSettings } from "../app/campaigns/settings";
import { dashboardFigures } from "../app/dashboard/metrics.server";
import { lastDays } from "../app/dashboard/range";
import db from "../app/db.server";
import { adminClient, type AdminClient } from "./helpers/admin";
import { seedAdminShop, type AdminShop } from "./helpers/admin-data";
import { startBuiltApp } from "./helpers/app-server";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
let shop: AdminShop;
let admin: AdminClient;

type Json = Record<string, unknown>;
const body = async (res: Response) => (await res.json()) as Json;

beforeAll(async () => {
  shop = await seedAdminShop("pages-store.myshopify.com", "PAGES");
  app = await startBuiltApp();
  admin = adminClient(app.url, shop.shop);
});
afterAll(async () => {
  await app?.close();
});

describe("campaign editor", () => {
  const EDITOR = "routes/app.campaigns.$kind";
  async function settingsOf(kind: string) {
    const data = (await body(await admin.load(`/app/campaigns/${kind}`, EDITOR))) as {
      form: { settings: Json & { reminder: { content: Json }; discount: Json } };
    };
    return data.form.settings;
  }

  it("refuses a bad Liquid tag, naming its field, line and column, and saves nothing", async () => {
    const before = await db.campaignConfig.findUniqueOrThrow({
      where: { shop_kind: { shop: shop.shop, kind: "abandoned_cart" } },
    });
    const settings = await settingsOf("abandoned_cart");
    settings.reminder.content.body =
      "Hi {{ customer.first_name }},\n\nYour cart: {{ checkout.total_price | money_with_currency }}";
    settings.discount.percent = 95;
    const res = await admin.act("/app/campaigns/abandoned_cart", EDITOR, {
      intent: "save",
      settings: JSON.stringify(settings),
    });
    expect(res.status).toBe(422);
    const result = await body(res);
    expect(result.errors).toEqual({ "discount.percent": "Must be at most 90." });
    settings.discount.percent = 20;
    const liquid = await body(
      await admin.act("/app/campaigns/abandoned_cart", EDITOR, {
        intent: "save",
        settings: JSON.stringify(settings),
      }),
    );
    expect(liquid.errors).toEqual({
      "reminder.content.body": expect.stringMatching(/^Line 3, column \d+: .*money_with_currency/) as string,
    });
    expect(
      await db.campaignConfig.findUniqueOrThrow({
        where: { shop_kind: { shop: shop.shop, kind: "abandoned_cart" } },
      }),
    ).toEqual(before);
  });

  it("saves valid settings (a new version) and the campaign runs them", async () => {
    const settings = await settingsOf("abandoned_cart");
    settings.reminder.content.subject = "Come back to {{ shop.name }}";
    const res = await admin.act("/app/campaigns/abandoned_cart", EDITOR, {
      intent: "save",
      settings: JSON.stringify(settings),
    });
    expect(await body(res)).toMatchObject({ ok: true, message: "Abandoned cart saved." });
    const campaign = await loadCampaign(db, shop.shop, "abandoned_cart");
    expect(campaign.settings.reminder.content.subject).toBe("Come back to {{ shop.name }}");
    expect(campaign.definition.steps.find((s) => s.id === "reminder")).toMatchObject({
      content: { subject: "Come back to {{ shop.name }}" },
    });
  });

  it("previews unsaved edits with sample data and the shop's name: HTML, AMP content without scripts, text", async () => {
    const settings = await settingsOf("abandoned_cart");
    settings.reminder.content.subject = "Preview for {{ shop.name }}, {{ customer.first_name }}";
    const res = await admin.act(
      "/app/campaigns/abandoned_cart/preview",
      "routes/app.campaigns.$kind.preview",
      { settings: JSON.stringify(settings), step: "reminder" },
    );
    const result = (await body(res)) as {
      errors: Json;
      preview: { subject: string; html: string; ampDisplay: string; text: string };
    };
    expect(result.errors).toEqual({});
    expect(result.preview.subject).toBe("Preview for PAGES Store, Jane");
    expect(result.preview.html).toContain("Organic cotton tee"); // the sample cart
    expect(result.preview.ampDisplay).toContain("What stopped you from completing your order?");
    expect(result.preview.ampDisplay).not.toContain("<script");
    expect(result.preview.text).toContain("Organic cotton tee");
    const discount = (await body(
      await admin.act("/app/campaigns/abandoned_cart/preview", "routes/app.campaigns.$kind.preview", {
        settings: JSON.stringify(settings),
        step: "discount",
      }),
    )) as {
      preview: { subject: string };
    };
    expect(discount.preview.subject).toBe("10% off the items in your cart");
    // Nothing was stored or sent.
    expect(await db.message.count({ where: { shop: shop.shop, subject: { contains: "Preview for" } } })).toBe(
      0,
    );
  });

  it("sends a test email to the shop's address, which the dashboard does not count", async () => {
    const figures = await dashboardFigures(db, shop.shop, lastDays(7, new Date(), "UTC"));
    const settings = await settingsOf("post_purchase");
    const res = await admin.act("/app/campaigns/post_purchase", EDITOR, {
      intent: "test",
      step: "survey",
      settings: JSON.stringify(settings),
    });
    expect(await body(res)).toMatchObject({ ok: true, message: `Test email sent to owner@${shop.shop}.` });
    const message = await db.message.findFirstOrThrow({
      where: { shop: shop.shop, toEmail: `owner@${shop.shop}` },
    });
    expect(message).toMatchObject({
      campaign: "post_purchase",
      sendId: expect.stringMatching(/^test:/) as string,
      subject: "How was your order #1001?",
    });
    expect(await dashboardFigures(db, shop.shop, lastDays(7, new Date(), "UTC"))).toEqual(figures);
  });

  it("switches campaigns on and off from the list", async () => {
    const list = "routes/app.campaigns._index";
    await admin.act("/app/campaigns", list, { kind: "post_purchase", enabled: "false" });
    expect((await loadCampaign(db, shop.shop, "post_purchase")).enabled).toBe(false);
    await admin.act("/app/campaigns", list, { kind: "post_purchase", enabled: "true" });
    expect((await loadCampaign(db, shop.shop, "post_purchase")).enabled).toBe(true);
    expect((await admin.act("/app/campaigns", list, { kind: "newsletter", enabled: "true" })).status).toBe(
      400,
    );
  });
});

describe("pending sends", () => {
  const SENDS = "routes/app.sends._index";

  it("lists what is scheduled, when and why", async () => {
    const data = (await body(await admin.load("/app/sends", SENDS))) as { sends: Json[] };
    expect(data.sends).toEqual([
      expect.objectContaining({
        id: shop.scheduledSendId,
        email: shop.email,
        step: "Email 2: discount",
        why: "Left a checkout of $50.00",
      }),
    ]);
  });

  it("cancels one: the send is cancelled and the timeline says so; a second cancel is refused", async () => {
    const res = await admin.act("/app/sends", SENDS, { intent: "cancel", sendId: shop.scheduledSendId });
    expect(res.status).toBe(200);
    expect(await db.scheduledSend.findUniqueOrThrow({ where: { id: shop.scheduledSendId } })).toMatchObject({
      state: "cancelled",
      reason: "cancelled by the merchant",
    });
    expect(await db.journey.findUniqueOrThrow({ where: { id: shop.journeyId } })).toMatchObject({
      state: "exited",
      exitReason: "cancelled by the merchant",
    });
    const timeline = (await body(
      await admin.load(`/app/sends/timeline?journey=${shop.journeyId}`, "routes/app.sends.timeline"),
    )) as { events: { kind: string; reason: string }[] };
    expect(timeline.events.map((e) => [e.kind, e.reason])).toEqual([
      ["entered", "PAGES entered"],
      ["scheduled", "discount"],
      ["cancelled", "discount: cancelled by the merchant"],
      ["exited", "cancelled by the merchant"],
    ]);
    expect(
      (await admin.act("/app/sends", SENDS, { intent: "cancel", sendId: shop.scheduledSendId })).status,
    ).toBe(409);
    expect((await admin.act("/app/sends", SENDS, { intent: "cancel", sendId: "no-such-send" })).status).toBe(
      404,
    );
  });
});

describe("answers", () => {
  const ANSWERS = "routes/app.answers";

  beforeAll(async () => {
    // A custom question whose prompt needs CSV quoting, answered twice; one write refused by HubSpot.
    const config = await db.campaignConfig.findUniqueOrThrow({
      where: { shop_kind: { shop: shop.shop, kind: "post_purchase" } },
    });
    const settings = readSettings("post_purchase", config.settings);
    settings.questions.push({
      key: "fit",
      kind: "choice",
      prompt: 'Size, "fit" ok?',
      choices: [
        { value: "small", label: "=Too small" },
        { value: "ok", label: "OK" },
      ],
    });
    await db.campaignConfig.update({ where: { id: config.id }, data: { settings } });
    const at = new Date("2026-01-15T12:00:00Z");
    for (const [email, value] of [
      ["ann@example.com", "small"],
      ["bob@example.com", "ok"],
    ] as const) {
      await db.answer.create({
        data: {
          shop: shop.shop,
          messageId: `m-${email}`,
          campaign: "post_purchase",
          questionKey: "fit",
          value,
          email,
          channel: "amp",
          answeredAt: at,
        },
      });
    }
    await db.crmWrite.create({
      data: {
        shop: shop.shop,
        email: "bob@example.com",
        property: "replyloop_q_fit",
        value: "ok",
        eventAt: at,
        state: "failed",
        nextAttemptAt: at,
      },
    });
  });

  it("filters by campaign, question and dates; unconfirmed clicks are listed apart", async () => {
    const all = (await body(await admin.load("/app/answers", ANSWERS))) as { total: number; clicks: Json[] };
    expect(all.total).toBe(3);
    expect(all.clicks).toEqual([
      expect.objectContaining({ email: shop.email, state: "provisional", answer: "Something else" }),
    ]);
    const fit = (await body(
      await admin.load(
        "/app/answers?campaign=post_purchase&question=fit&from=2026-01-15&to=2026-01-15",
        ANSWERS,
      ),
    )) as { answers: Json[] };
    expect(fit.answers.map((a) => [a.email, a.answer, a.hubspot])).toEqual([
      ["ann@example.com", "=Too small", "written"],
      ["bob@example.com", "OK", "refused"],
    ]);
    const none = (await body(await admin.load("/app/answers?question=fit&from=2026-01-16", ANSWERS))) as {
      total: number;
    };
    expect(none.total).toBe(0);
    const cart = (await body(await admin.load("/app/answers?campaign=abandoned_cart", ANSWERS))) as {
      answers: Json[];
    };
    expect(cart.answers).toEqual([
      expect.objectContaining({ email: shop.email, answer: "The price", hubspot: "waiting" }),
    ]);
  });

  it("exports the same filtered answers as CSV, quoted and defused", async () => {
    const res = await admin.resource("/app/answers.csv?question=fit");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="replyloop-answers-pages-store-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    expect(bytes.subarray(3).toString("utf8").split("\r\n")).toEqual([
      "answered_at,customer_email,campaign,question_key,question,answer_value,answer,channel,source,written_to_hubspot",
      '2026-01-15T12:00:00.000Z,ann@example.com,post_purchase,fit,"Size, ""fit"" ok?",small,\'=Too small,amp,email,yes',
      '2026-01-15T12:00:00.000Z,bob@example.com,post_purchase,fit,"Size, ""fit"" ok?",ok,OK,amp,email,refused',
      "",
    ]);
  });

  it("pages through every answer for the export in the list's order, answers at the same instant included", async () => {
    const filters = parseAnswerFilters(new URLSearchParams(), "UTC");
    const { answers } = await listAnswers(db, shop.shop, filters);
    expect(answers.length).toBe(3);
    for (const size of [1, 2, 3, 1000]) {
      const pages: AnswerRow[][] = [];
      for await (const page of answerPages(db, shop.shop, filters, size)) pages.push(page);
      expect(pages.flat(), `page size ${size}`).toEqual(answers);
      expect(pages.every((p) => p.length <= size)).toBe(true);
    }
  });
});

describe("settings", () => {
  const SETTINGS = "routes/app.settings";
  const valid = {
    senderName: "Pages Team",
    replyTo: "help@pages.test",
    logoUrl: "https://pages.test/logo.png",
    color: "#336699",
    abandonedCartSoftOptIn: "on",
    frequencyCapHours: "20",
    surveysExempt: "on",
    quietHoursEnabled: "on",
    quietStart: "22:00",
    quietEnd: "07:00",
    timezone: "America/New_York",
    answerLinkExpiryDays: "60",
  };

  it("shows each problem on its field and saves nothing", async () => {
    const before = await db.shop.findUniqueOrThrow({ where: { domain: shop.shop } });
    const res = await admin.act("/app/settings", SETTINGS, {
      ...valid,
      replyTo: "not-an-address",
      color: "blue",
      timezone: "Atlantis/Capital",
      answerLinkExpiryDays: "0",
    });
    expect(res.status).toBe(422);
    expect((await body(res)).errors).toEqual({
      replyTo: "Enter an email address.",
      "brand.color": "Invalid format: must be a #RRGGBB colour.",
      timezone: "Choose a time zone from the list.",
      answerLinkExpiryDays: "Must be at least 1.",
    });
    expect(await db.shop.findUniqueOrThrow({ where: { domain: shop.shop } })).toEqual(before);
  });

  it("saves sender, brand, consent, cap, quiet hours, time zone and link expiry", async () => {
    expect((await admin.act("/app/settings", SETTINGS, valid)).status).toBe(200);
    const row = await db.shop.findUniqueOrThrow({ where: { domain: shop.shop } });
    expect(row.timezone).toBe("America/New_York");
    expect(row.settings).toEqual({
      senderName: "Pages Team",
      replyTo: "help@pages.test",
      brand: { logoUrl: "https://pages.test/logo.png", color: "#336699" },
      consent: { abandonedCartSoftOptIn: true },
      frequencyCap: { hours: 20, surveysExempt: true },
      quietHours: { enabled: true, start: "22:00", end: "07:00" },
      answerLinkExpiryDays: 60,
    });
  });
});
