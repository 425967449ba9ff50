// Issue 5, answer links over HTTP (the built app): link scanners never confirm an answer; a person
// does, by POST; answering again changes the answer; bad or expired links are friendly 4xx pages
// that record nothing. Time is the app clock, moved by the test (the built app shares it); a
// confirmation the page makes by itself counts once its hold window has passed (decision 0010).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recipientTag, signToken } from "../app/answers/tokens";
import { HOLD_WINDOW_MS } from "../app/answers/scanner";
import { settleHeldAnswers } from "../app/answers/settle.server";
import db from "../app/db.server";
import { installClock } from "../app/lib/app-clock.server";
import { ManualClock } from "../app/lib/clock";
import { startBuiltApp } from "./helpers/app-server";
import { answersOf, clickIdOf, deliveredEmail, hasAutoConfirm } from "./helpers/answers";
import { BROWSER_UA, seedShop, TEST_SHOP } from "./helpers/shopify";

const clock = new ManualClock(new Date());
installClock(clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  app = await startBuiltApp();
});
afterAll(() => app.close());

const SECRET = process.env.ANSWER_SIGNING_SECRET ?? "";
const get = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(url, { method, headers: { "User-Agent": BROWSER_UA, ...headers }, redirect: "manual" });
const confirm = (url: string, click: string, mode: "auto" | "button", userAgent = BROWSER_UA) =>
  fetch(url, {
    method: "POST",
    headers: { "User-Agent": userAgent, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ click, mode }).toString(),
    redirect: "manual",
  });
/** Time passes on the app clock; the settle task runs, as a worker's periodic task would. */
const elapse = async (ms: number) => {
  clock.advance(ms);
  await settleHeldAnswers(db, clock.now());
};

describe("link scanners", () => {
  it("GET and HEAD on every link of an email (a scanner's sweep), then its script run: zero confirmed answers", async () => {
    const { message, answerLinks, unsubscribeLink } = await deliveredEmail(app.url, "abandoned_cart_1");
    expect(answerLinks).toHaveLength(5);
    const pages: { url: string; html: string }[] = [];
    for (const url of answerLinks) {
      const head = await get(url, {}, "HEAD");
      expect(head.status).toBe(200);
      const res = await get(url);
      expect(res.status).toBe(200);
      pages.push({ url, html: await res.text() });
    }
    // The unsubscribe link is opened too: a GET only shows the page.
    expect((await get(unsubscribeLink ?? "")).status).toBe(200);

    // A scanner that runs the pages' scripts would post after 2 s: every one is refused.
    await elapse(2100);
    for (const page of pages) {
      const res = await confirm(page.url, clickIdOf(page.html), "auto");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Please press the button");
    }
    expect(await answersOf(message.id)).toEqual([]);
    expect(await db.suppression.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const clicks = await db.answerClick.findMany({ where: { messageId: message.id } });
    expect(clicks).toHaveLength(10);
    expect(clicks.every((c) => c.state !== "confirmed")).toBe(true);
    expect(clicks.filter((c) => JSON.stringify(c.flags).includes("head"))).toHaveLength(5);
  });

  it("5 links within 1 s are a burst: flagged, no self-confirming page after the first, and nothing confirmed", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "post_purchase_survey");
    const started = Date.now();
    const pages: { url: string; html: string }[] = [];
    for (const url of answerLinks.slice(0, 5)) pages.push({ url, html: await (await get(url)).text() });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pages.map((p) => hasAutoConfirm(p.html))).toEqual([true, false, false, false, false]);
    const clicks = await db.answerClick.findMany({
      where: { messageId: message.id },
      orderBy: { at: "asc" },
    });
    expect(clicks.map((c) => c.flags)).toEqual([[], ["burst"], ["burst"], ["burst"], ["burst"]]);
    // The first page's script posts after 2 s: the burst that followed it is seen then, and refused.
    await elapse(2100);
    for (const page of pages) await confirm(page.url, clickIdOf(page.html), "auto");
    expect(await answersOf(message.id)).toEqual([]);
  });

  it("the same 5 links opened all at once: nothing confirmed, whatever each page was told", async () => {
    // Concurrent requests may not see each other's clicks yet (PostgreSQL): confirmation re-checks.
    const { message, answerLinks } = await deliveredEmail(app.url, "post_purchase_survey");
    const pages = await Promise.all(
      answerLinks.slice(5, 10).map(async (url) => ({ url, html: await (await get(url)).text() })),
    );
    await elapse(2100);
    for (const page of pages) await confirm(page.url, clickIdOf(page.html), "auto");
    expect(await answersOf(message.id)).toEqual([]);
  });

  it("a bot user agent gets the page but can confirm nothing, not even with the button", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const url = answerLinks[0] ?? "";
    const botUa = "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))";
    const page = await (await get(url, { "User-Agent": botUa })).text();
    expect(hasAutoConfirm(page)).toBe(false);
    await elapse(2100);
    expect((await confirm(url, clickIdOf(page), "button", botUa)).status).toBe(403);
    expect(
      (
        await confirm(
          url,
          clickIdOf(page),
          "auto",
          "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0",
        )
      ).status,
    ).toBe(403);
    expect(await answersOf(message.id)).toEqual([]);
  });

  it("a prefetch never gets the self-confirming script", async () => {
    const { answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const page = await (await get(answerLinks[1] ?? "", { "Sec-Purpose": "prefetch" })).text();
    expect(hasAutoConfirm(page)).toBe(false);
  });

  it("a click seconds after delivery is flagged: only the button confirms it", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome", { deliveredAgoMs: 1000 });
    const page = await (await get(answerLinks[2] ?? "")).text();
    expect(hasAutoConfirm(page)).toBe(false);
    const click = await db.answerClick.findUniqueOrThrow({ where: { id: clickIdOf(page) } });
    expect(click).toMatchObject({ state: "flagged", flags: ["soon_after_delivery"] });
    expect((await confirm(answerLinks[2] ?? "", click.id, "button")).status).toBe(200);
    expect(await answersOf(message.id)).toMatchObject([{ questionKey: "vip_perk", value: "gift" }]);
  });
});

describe("a person answering", () => {
  it("GET shows the choice (provisional); the page's POST after 2 s confirms; answering again changes it; the CRM hears both", async () => {
    const { message, answerLinks, email } = await deliveredEmail(app.url, "abandoned_cart_1");
    const [price, shipping] = answerLinks;
    const res = await get(price ?? "");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await res.text();
    expect(page).toContain("What stopped you from completing your order?");
    expect(page).toContain("The price");
    expect(page).toContain("Demo Store");
    expect(hasAutoConfirm(page)).toBe(true);
    expect(await db.answerClick.findUniqueOrThrow({ where: { id: clickIdOf(page) } })).toMatchObject({
      state: "provisional",
      value: "price",
    });
    expect(await answersOf(message.id)).toEqual([]);

    // Too early for the script: refused; after 2 s: confirmed.
    expect(await (await confirm(price ?? "", clickIdOf(page), "auto")).text()).toContain(
      "Please press the button",
    );
    await elapse(2100);
    const done = await confirm(price ?? "", clickIdOf(page), "auto");
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Thank you!");
    // The page confirmed by itself: held, an answer once its window passes with no other choice opened.
    expect(await answersOf(message.id)).toEqual([]);
    await elapse(HOLD_WINDOW_MS);
    expect(await answersOf(message.id)).toMatchObject([
      { questionKey: "cart_abandon_reason", value: "price", channel: "link", email: email.to.email },
    ]);

    await elapse(2100); // outside the burst window of the first click
    const second = await (await get(shipping ?? "")).text();
    expect((await confirm(shipping ?? "", clickIdOf(second), "button")).status).toBe(200);
    const answers = await answersOf(message.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.value).toBe("shipping_cost");

    const writes = await db.crmWrite.findMany({
      where: { shop: TEST_SHOP, email: email.to.email },
      orderBy: { eventAt: "asc" },
    });
    const reasons = writes.filter((w) => w.property === "replyloop_cart_abandon_reason").map((w) => w.value);
    expect(reasons).toEqual(["price", "shipping_cost"]);
    expect(writes.filter((w) => w.property === "replyloop_email_engagement").map((w) => w.value)).toEqual([
      "answered",
      "answered",
    ]);
    const decisions = await db.decision.findMany({
      where: { shop: TEST_SHOP, kind: "answered", email: email.to.email },
    });
    expect(decisions.map((d) => d.detail)).toEqual([
      { question: "cart_abandon_reason", value: "price", channel: "link" },
      { question: "cart_abandon_reason", value: "shipping_cost", channel: "link", previous: "price" },
    ]);
  });

  it("after an NPS answer the page offers the follow-up question, and answering it counts", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "post_purchase_survey");
    const nine = answerLinks[9] ?? "";
    const page = await (await get(nine)).text();
    const thanks = await (await confirm(nine, clickIdOf(page), "button")).text();
    expect(thanks).toContain("What did you love most?");
    const followUp = /href="(\/a\/[^"]+)"/.exec(thanks)?.[1];
    expect(followUp).toBeDefined();
    await elapse(2100);
    const followUrl = `${app.url}${followUp ?? ""}`;
    const followPage = await (await get(followUrl)).text();
    expect(followPage).toContain("Product quality");
    expect((await confirm(followUrl, clickIdOf(followPage), "button")).status).toBe(200);
    expect((await answersOf(message.id)).map((a) => [a.questionKey, a.value])).toEqual([
      ["nps", "9"],
      ["nps_loved", "product_quality"],
    ]);
    const props = await db.crmWrite.findMany({
      where: {
        shop: TEST_SHOP,
        property: { in: ["replyloop_last_nps_score", "replyloop_nps_category", "replyloop_q_nps_loved"] },
      },
    });
    expect(Object.fromEntries(props.map((p) => [p.property, p.value]))).toMatchObject({
      replyloop_last_nps_score: "9",
      replyloop_nps_category: "promoter",
      replyloop_q_nps_loved: "product_quality",
    });
  });
});

describe("bad links", () => {
  // The tokens below expire relative to real time.
  beforeAll(() => clock.set(new Date()));

  async function nothingRecorded(messageId: string) {
    expect(await db.answerClick.count({ where: { messageId } })).toBe(0);
    expect(await answersOf(messageId)).toEqual([]);
  }

  it("forged, altered and garbage tokens: a friendly 404, nothing recorded", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const good = answerLinks[0] ?? "";
    const token = good.split("/a/")[1] ?? "";
    const forged = signToken("x".repeat(40), {
      purpose: "answer",
      shop: TEST_SHOP,
      messageId: message.id,
      recipientTag: recipientTag("x".repeat(40), message.toEmail),
      questionKey: "vip_perk",
      value: "gift",
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    });
    const altered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    for (const bad of [forged, altered, "not-a-token", "x".repeat(5000)]) {
      const res = await get(`${app.url}/a/${bad}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("<h1>This link isn&#39;t valid</h1>");
      const post = await confirm(`${app.url}/a/${bad}`, "anything", "button");
      expect(post.status).toBe(404);
    }
    await nothingRecorded(message.id);
  });

  it("an expired link: 410 and a friendly page, nothing recorded", async () => {
    const { message } = await deliveredEmail(app.url, "vip_welcome");
    const expired = signToken(SECRET, {
      purpose: "answer",
      shop: TEST_SHOP,
      messageId: message.id,
      recipientTag: recipientTag(SECRET, message.toEmail),
      questionKey: "vip_perk",
      value: "gift",
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    });
    const res = await get(`${app.url}/a/${expired}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("<h1>This link has expired</h1>");
    await nothingRecorded(message.id);
  });

  it("a valid token for another recipient or a value the question does not have: 404", async () => {
    const { message } = await deliveredEmail(app.url, "vip_welcome");
    const claims = {
      purpose: "answer" as const,
      shop: TEST_SHOP,
      messageId: message.id,
      questionKey: "vip_perk",
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    };
    const otherRecipient = signToken(SECRET, {
      ...claims,
      recipientTag: recipientTag(SECRET, "someone@else.example"),
      value: "gift",
    });
    const noSuchValue = signToken(SECRET, {
      ...claims,
      recipientTag: recipientTag(SECRET, message.toEmail),
      value: "yacht",
    });
    for (const token of [otherRecipient, noSuchValue])
      expect((await get(`${app.url}/a/${token}`)).status).toBe(404);
    await nothingRecorded(message.id);
  });

  it("a confirmation without a click of this link, or an oversized body: 4xx, nothing confirmed", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const url = answerLinks[0] ?? "";
    expect((await confirm(url, "no-such-click", "button")).status).toBe(400);
    const other = await (await get(answerLinks[1] ?? "")).text();
    expect((await confirm(url, clickIdOf(other), "button")).status).toBe(400); // a click on another choice
    const huge = await fetch(url, {
      method: "POST",
      headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=".padEnd(10_000, "x"),
    });
    expect(huge.status).toBe(413);
    const junk = await fetch(url, {
      method: "POST",
      headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: "%%%",
    });
    expect(junk.status).toBe(400);
    expect(await answersOf(message.id)).toEqual([]);
  });
});
