// Issue 16: the app's side of the Thank-you / Order status survey block, against the built app, with
// the block's own requests (a null origin, a preflight, a session token signed like Shopify's).
// The contract is extensions/post-purchase-survey/README.md; the block's responses are read with
// the block's own parser (src/api.ts), so what passes here is what the block can show.
import { fakeHubSpot as hubspot } from "../fakes/local-hubspot";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSWERS_PATH,
  SURVEY_PATH,
  parseSurveyResponse,
  type ShownSurvey,
} from "../extensions/post-purchase-survey/src/api";
import { saveCampaign } from "../app/campaigns/config.server";
import { defaultSettings } from "../app/campaigns/settings";
import { connectWithToken } from "../app/crm/hubspot/connection.server";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import db from "../app/db.server";
import { appClock, installClock } from "../app/lib/app-clock.server";
import { ManualClock } from "../app/lib/clock";
import { startBuiltApp } from "./helpers/app-server";
import { campaignStore } from "./helpers/campaign-store";
import { runJobs } from "./helpers/jobs";
import { seedShop } from "./helpers/shopify";
import { mintCheckoutToken, orderGid, surveyBlock } from "./helpers/storefront";

const SHOP_A = "north-survey.myshopify.com";
const SHOP_B = "south-survey.myshopify.com";
const PORTAL = "8181";
const JANE = { id: "4101", email: "jane.page@example.com" };
const OMAR = { id: "4102", email: "omar.page@example.com" };
const BEA = { id: "5101", email: "bea.south@example.com" };
const clock = new ManualClock("2026-03-02T10:00:00Z");
installClock(clock);

const storeA = campaignStore(SHOP_A, clock);
const storeB = campaignStore(SHOP_B, clock);
const placed = (id: number, who: typeof JANE, store = storeA) =>
  store.order("orders/create", who, id, {
    name: `#${id}`,
    created_at: clock.now().toISOString(),
    financial_status: "paid",
  });

let app: Awaited<ReturnType<typeof startBuiltApp>>;
const tokenA = () => mintCheckoutToken(SHOP_A) as string | undefined;
const blockA = () => surveyBlock(app.url, () => tokenA());

beforeAll(async () => {
  await seedShop(SHOP_A, { name: "North" });
  await seedShop(SHOP_B, { name: "South" });
  const settings = defaultSettings("post_purchase");
  await db.$transaction(async (tx) => {
    await saveCampaign(tx, SHOP_A, "post_purchase", {
      enabled: true,
      settings: {
        ...settings,
        translations: {
          fr: {
            "nps.prompt": "Quelle est la probabilité que vous nous recommandiez ?",
            "nps_loved.choice.delivery": "La livraison rapide",
            "page.thanks": "Merci !",
          },
        },
      },
    });
    await saveCampaign(tx, SHOP_B, "post_purchase", { enabled: true });
  });
  app = await startBuiltApp();
  await connectWithToken(db, { shop: SHOP_A, token: hubspot.addPortal(PORTAL) });
  await runJobs();
  await placed(9001, JANE);
  await placed(9101, BEA, storeB);
});
afterAll(async () => {
  await app?.close();
  await hubspot.stop();
});

async function shown(res: Response): Promise<ShownSurvey> {
  expect(res.status).toBe(200);
  const survey = parseSurveyResponse(await res.json());
  if (typeof survey === "string" || !survey.show) throw new Error(`not shown: ${JSON.stringify(survey)}`);
  return survey;
}

const answersOf = (shop: string, orderId: string) =>
  db.answer.findMany({ where: { shop, orderId }, orderBy: { answeredAt: "asc" } });

describe("the survey endpoint (GET /extensions/survey)", () => {
  it("answers the preflight of a null origin, and every answer carries CORS headers", async () => {
    for (const path of [SURVEY_PATH, ANSWERS_PATH]) {
      const res = await blockA().preflight(path);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    }
    const res = await blockA().survey(orderGid(9001));
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("shows the shop's NPS question and follow-ups, in the buyer's language where the merchant translated it", async () => {
    const english = await shown(await blockA().survey(orderGid(9001), { locale: "en-US" }));
    expect(english).toMatchObject({
      locale: "en",
      question: { key: "nps", prompt: "How likely are you to recommend us to a friend?", min: 0, max: 10 },
      texts: { thanks: "Thank you for your feedback!" },
      answered: {},
    });
    expect(english.followUps.map((f) => f.question.key)).toEqual([
      "nps_loved",
      "nps_improve",
      "nps_went_wrong",
    ]);

    const french = await shown(await blockA().survey(orderGid(9001), { locale: "fr-CA" }));
    expect(french.locale).toBe("fr");
    expect(french.question.prompt).toBe("Quelle est la probabilité que vous nous recommandiez ?");
    expect(french.followUps[0]?.question.choices).toContainEqual({
      value: "delivery",
      label: "La livraison rapide",
    });
    // Untranslated texts keep the merchant's wording.
    expect(french.question.maxLabel).toBe("Very likely");
    expect(french.texts.thanks).toBe("Merci !");

    // A language the merchant has no translation for: their own wording, said to be English.
    expect((await shown(await blockA().survey(orderGid(9001), { locale: "de" }))).locale).toBe("en");
  });

  it("a forged, expired, foreign or missing token: 401 the block can read, nothing recorded", async () => {
    const cases = {
      forged: mintCheckoutToken(SHOP_A, { secret: "not-the-app-secret" }),
      expired: mintCheckoutToken(SHOP_A, { now: Date.now() - 3600_000, ttlSeconds: 300 }),
      "another app's": mintCheckoutToken(SHOP_A, { audience: "some-other-client-id" }),
      missing: undefined,
    };
    for (const [name, token] of Object.entries(cases)) {
      const block = surveyBlock(app.url, () => token);
      const get = await block.survey(orderGid(9001));
      expect(get.status, `${name} GET`).toBe(401);
      expect(get.headers.get("access-control-allow-origin"), name).toBe("*");
      const post = await block.answer({ orderId: orderGid(9001), questionKey: "nps", value: "10" });
      expect(post.status, `${name} POST`).toBe(401);
    }
    expect(await answersOf(SHOP_A, "9001")).toEqual([]);
    expect(await db.pageAnswer.count()).toBe(0);
  });

  it("a bad query is 400", async () => {
    const block = blockA();
    expect((await block.survey("9001")).status).toBe(400);
    expect((await block.survey(orderGid(9001), { surface: "cart" })).status).toBe(400);
    expect((await block.survey(orderGid(9001), { locale: "not a language" })).status).toBe(400);
  });
});

describe("answers (POST /extensions/survey/answers)", () => {
  it("a token of shop A with an order of shop B: not shown, the answer refused, nothing in either shop", async () => {
    const hidden = await blockA().survey(orderGid(9101));
    expect(await hidden.json()).toEqual({ version: 1, show: false, reason: "not_for_this_order" });
    const res = await blockA().answer({ orderId: orderGid(9101), questionKey: "nps", value: "0" });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await db.answer.count({ where: { orderId: "9101" } })).toBe(0);
    expect(await db.pageAnswer.count({ where: { orderId: "9101" } })).toBe(0);
  });

  it("records a score and its follow-up once — the same key again, a reload, a second tab are duplicates", async () => {
    await placed(9002, OMAR);
    const block = blockA();
    const key = randomUUID();
    const first = await block.answer({
      orderId: orderGid(9002),
      questionKey: "nps",
      value: "9",
      idempotencyKey: key,
    });
    expect(await first.json()).toEqual({ version: 1, recorded: true, duplicate: false });
    // The retry button resends the same answer with the same key.
    const resent = await block.answer({
      orderId: orderGid(9002),
      questionKey: "nps",
      value: "9",
      idempotencyKey: key,
    });
    expect(await resent.json()).toEqual({ version: 1, recorded: true, duplicate: true });
    // A second tab: a new key, the same order and question (even another score).
    const secondTab = await block.answer({ orderId: orderGid(9002), questionKey: "nps", value: "3" });
    expect(await secondTab.json()).toMatchObject({ recorded: true, duplicate: true });
    // A reload resumes at the follow-up.
    expect((await shown(await block.survey(orderGid(9002)))).answered).toEqual({ nps: "9" });
    const follow = await block.answer({
      orderId: orderGid(9002),
      questionKey: "nps_loved",
      value: "delivery",
    });
    expect(await follow.json()).toMatchObject({ duplicate: false });

    const answers = await answersOf(SHOP_A, "9002");
    expect(answers.map((a) => [a.questionKey, a.value, a.source, a.email, a.customerId, a.channel])).toEqual([
      ["nps", "9", "thank_you_page", OMAR.email, OMAR.id, "page"],
      ["nps_loved", "delivery", "thank_you_page", OMAR.email, OMAR.id, "page"],
    ]);
    const timeline = await db.decision.findMany({
      where: { shop: SHOP_A, kind: "answered", email: OMAR.email },
      orderBy: { at: "asc" },
    });
    expect(timeline.map((d) => d.reason)).toEqual([
      "How likely are you to recommend us to a friend? → 9 (Thank-you page, order #9002)",
      "Thank you! What did you love most? → Fast delivery (Thank-you page, order #9002)",
    ]);
  });

  it("refuses what the survey does not ask: 400 for a bad body or value, a follow-up of another score, 413 when oversized", async () => {
    await placed(9003, JANE);
    const block = blockA();
    const order = orderGid(9003);
    expect((await block.answer({ orderId: order, questionKey: "nps", value: "11" })).status).toBe(400);
    expect((await block.answer({ orderId: order, questionKey: "nps_loved", value: "delivery" })).status).toBe(
      400,
    );
    expect((await block.answer({ orderId: order, questionKey: "vip_perk", value: "gift" })).status).toBe(400);
    expect(
      (
        await block.raw({
          method: "POST",
          body: "{not json",
          headers: { "Content-Type": "application/json" },
        })
      ).status,
    ).toBe(400);
    expect((await block.answer({ orderId: "9003", questionKey: "nps", value: "3" })).status).toBe(400);
    expect(
      (await block.answer({ orderId: order, questionKey: "nps", value: "3", idempotencyKey: "x" })).status,
    ).toBe(400);
    const huge = JSON.stringify({
      orderId: order,
      questionKey: "nps",
      value: "3",
      padding: "x".repeat(10_000),
    });
    const oversized = await block.raw({
      method: "POST",
      body: huge,
      headers: { "Content-Type": "application/json" },
    });
    expect(oversized.status).toBe(413);
    expect(oversized.headers.get("access-control-allow-origin")).toBe("*");

    // The score 3 calls for "what went wrong", not "what did you love".
    expect((await block.answer({ orderId: order, questionKey: "nps", value: "3" })).status).toBe(200);
    expect((await block.answer({ orderId: order, questionKey: "nps_loved", value: "delivery" })).status).toBe(
      400,
    );
    expect(
      (await block.answer({ orderId: order, questionKey: "nps_went_wrong", value: "delivery" })).status,
    ).toBe(200);
    expect((await answersOf(SHOP_A, "9003")).map((a) => a.questionKey)).toEqual(["nps", "nps_went_wrong"]);
  });

  it("an answer for an order not seen yet waits for orders/create, then reaches HubSpot", async () => {
    const buyer = { id: "4103", email: "li.pending@example.com" };
    const block = blockA();
    const res = await block.answer({ orderId: orderGid(9004), questionKey: "nps", value: "10" });
    expect(await res.json()).toMatchObject({ recorded: true, duplicate: false });
    // Pending: kept, shown as answered on a reload, but not an answer yet and nothing for HubSpot.
    expect((await shown(await block.survey(orderGid(9004)))).answered).toEqual({ nps: "10" });
    expect(await answersOf(SHOP_A, "9004")).toEqual([]);
    expect(await db.pageAnswer.findMany({ where: { orderId: "9004" } })).toMatchObject([
      { state: "pending" },
    ]);
    clock.advance(2000); // the write-behind flush runs every second
    await flushCrmWrites(db, { clock: appClock });
    expect(hubspot.portals.get(PORTAL)?.contacts.get(buyer.email)).toBeUndefined();

    await placed(9004, buyer);
    expect(await answersOf(SHOP_A, "9004")).toMatchObject([
      { questionKey: "nps", value: "10", source: "thank_you_page", email: buyer.email, customerId: buyer.id },
    ]);
    expect(await db.pageAnswer.findMany({ where: { orderId: "9004" } })).toMatchObject([
      { state: "confirmed" },
    ]);
    clock.advance(2000);
    await flushCrmWrites(db, { clock: appClock });
    expect(hubspot.portals.get(PORTAL)?.contacts.get(buyer.email)?.properties).toMatchObject({
      replyloop_last_nps_score: "10",
      replyloop_nps_category: "promoter",
    });
  });

  it("a pending answer of shop A never attaches to shop B's order of that id", async () => {
    const res = await blockA().answer({ orderId: orderGid(9102), questionKey: "nps", value: "2" });
    expect(res.status).toBe(200);
    await placed(9102, BEA, storeB);
    expect(await db.answer.count({ where: { orderId: "9102" } })).toBe(0);
    expect(await db.pageAnswer.findMany({ where: { orderId: "9102" } })).toMatchObject([
      { shop: SHOP_A, state: "pending" },
    ]);
    // Now the order is known to be shop B's: shop A's token is refused for it.
    expect((await blockA().answer({ orderId: orderGid(9102), questionKey: "nps", value: "2" })).status).toBe(
      404,
    );
  });

  it("the Order status page: the logged-in customer's own order only", async () => {
    await placed(9005, JANE);
    const jane = surveyBlock(app.url, () => mintCheckoutToken(SHOP_A, { customerId: JANE.id }));
    const omar = surveyBlock(app.url, () => mintCheckoutToken(SHOP_A, { customerId: OMAR.id }));
    expect((await shown(await jane.survey(orderGid(9005), { surface: "order_status" }))).show).toBe(true);
    expect(await (await omar.survey(orderGid(9005), { surface: "order_status" })).json()).toMatchObject({
      show: false,
      reason: "not_for_this_order",
    });
    expect(
      (
        await omar.answer({
          surface: "order_status",
          orderId: orderGid(9005),
          questionKey: "nps",
          value: "1",
        })
      ).status,
    ).toBe(404);
    const ok = await jane.answer({
      surface: "order_status",
      orderId: orderGid(9005),
      questionKey: "nps",
      value: "8",
    });
    expect(ok.status).toBe(200);
    expect(await answersOf(SHOP_A, "9005")).toMatchObject([{ source: "order_status_page", value: "8" }]);
  });

  it("1,000 answers in a burst from one checkout: every one answered, two rows stored, nothing piles up", async () => {
    await placed(9006, OMAR);
    const block = blockA();
    const values = ["7", "8", "nps_improve", "nps_loved", "junk"];
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const pick = values[i % values.length]!;
        const body =
          pick === "nps_improve"
            ? { orderId: orderGid(9006), questionKey: "nps_improve", value: "price" }
            : pick === "nps_loved"
              ? { orderId: orderGid(9006), questionKey: "nps_loved", value: "price" }
              : pick === "junk"
                ? { orderId: orderGid(9006), questionKey: "nps", value: "eleven" }
                : { orderId: orderGid(9006), questionKey: "nps", value: pick };
        return block.answer(body).then(async (res) => ({ status: res.status, body: await res.text() }));
      }),
    );
    const statuses = new Map<number, number>();
    for (const r of responses) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    // Answered, duplicates or refused — never an error, never a dropped connection.
    expect(
      [...statuses.keys()].every((s) => s === 200 || s === 400),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(responses.filter((r) => r.body.includes('"duplicate":false'))).toHaveLength(2);
    const stored = await db.pageAnswer.findMany({ where: { orderId: "9006" } });
    expect(stored.map((a) => a.questionKey).sort()).toEqual(["nps", "nps_improve"]);
    const answers = await answersOf(SHOP_A, "9006");
    expect(answers).toHaveLength(2);
    expect(answers[0]?.value === "7" || answers[0]?.value === "8").toBe(true);
    // Two answers' worth of everything downstream (and 9002's two before): timeline, HubSpot writes
    // (a score is 4 properties, a follow-up 2).
    expect(await db.decision.count({ where: { shop: SHOP_A, kind: "answered", email: OMAR.email } })).toBe(4);
    expect(await db.crmWrite.count({ where: { shop: SHOP_A, email: OMAR.email } })).toBe(2 * (4 + 2));
  });
});
