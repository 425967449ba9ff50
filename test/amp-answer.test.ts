// Issue 5, the AMP form endpoint: a form post from the email with a valid token and the email's
// sender → 200 with AMP-Email-Allow-Sender, the answer confirmed, the follow-up named; anything
// forged or from another sender → 4xx and nothing recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../app/db.server";
import { startBuiltApp } from "./helpers/app-server";
import { answersOf, deliveredEmail } from "./helpers/answers";
import { seedShop, TEST_SHOP } from "./helpers/shopify";

let app: Awaited<ReturnType<typeof startBuiltApp>>;
beforeAll(async () => {
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  app = await startBuiltApp();
});
afterAll(() => app.close());

const SENDER = process.env.EMAIL_FROM_ADDRESS ?? "";
const GMAIL_PROXY_UA = "Mozilla/5.0 (compatible; Google-AMPHTML)";

/** The token of a question's form in the AMP part, as the mail client would post it. */
function ampToken(amp: string, questionKey: string) {
  const form = new RegExp(`<form id="rlf-${questionKey}"[\\s\\S]*?name="token" value="([^"]+)"`).exec(amp);
  if (!form?.[1]) throw new Error(`no AMP form for ${questionKey}`);
  return form[1];
}

function actionXhr(amp: string) {
  const url = /action-xhr="([^"]+)"/.exec(amp)?.[1];
  if (!url) throw new Error("no action-xhr");
  return url;
}

function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { "AMP-Email-Sender": SENDER },
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return fetch(url, { method: "POST", headers: { "User-Agent": GMAIL_PROXY_UA, ...headers }, body });
}

describe("AMP form endpoint", () => {
  it("a valid post from the email's sender: 200, AMP-Email-Allow-Sender, answer confirmed, follow-up named", async () => {
    const { message } = await deliveredEmail(app.url, "post_purchase_survey");
    const amp = message.amp ?? "";
    const res = await postForm(actionXhr(amp), { token: ampToken(amp, "nps"), value: "3" });
    expect(res.status).toBe(200);
    expect(res.headers.get("amp-email-allow-sender")).toBe(SENDER);
    expect(await res.json()).toEqual({
      ok: true,
      question: "nps",
      value: "3",
      label: "3",
      followUp: "nps_went_wrong",
    });
    expect(await answersOf(message.id)).toMatchObject([{ questionKey: "nps", value: "3", channel: "amp" }]);

    // The follow-up form the email then shows (amp-bind) posts to the same endpoint.
    const follow = await postForm(actionXhr(amp), {
      token: ampToken(amp, "nps_went_wrong"),
      value: "delivery",
    });
    expect(follow.status).toBe(200);
    expect(await follow.json()).toMatchObject({ ok: true, question: "nps_went_wrong", followUp: null });
    expect((await answersOf(message.id)).map((a) => [a.questionKey, a.value])).toEqual([
      ["nps", "3"],
      ["nps_went_wrong", "delivery"],
    ]);
    const category = await db.crmWrite.findFirst({
      where: { shop: TEST_SHOP, property: "replyloop_nps_category" },
      orderBy: { createdAt: "desc" },
    });
    expect(category?.value).toBe("detractor");
  });

  it("answers the older CORS version (Origin + __amp_source_origin) too", async () => {
    const { message } = await deliveredEmail(app.url, "vip_welcome");
    const amp = message.amp ?? "";
    const url = `${actionXhr(amp)}?__amp_source_origin=${encodeURIComponent(SENDER)}`;
    const res = await postForm(
      url,
      { token: ampToken(amp, "vip_perk"), value: "free_shipping" },
      { Origin: "https://mail.google.com" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://mail.google.com");
    expect(res.headers.get("amp-access-control-allow-source-origin")).toBe(SENDER);
    expect(await answersOf(message.id)).toMatchObject([{ value: "free_shipping", channel: "amp" }]);
  });

  it("a forged token: 4xx, nothing recorded", async () => {
    const { message } = await deliveredEmail(app.url, "vip_welcome");
    const amp = message.amp ?? "";
    const token = ampToken(amp, "vip_perk");
    const forged = `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const res = await postForm(actionXhr(amp), { token: forged, value: "gift" });
    expect(res.status).toBe(400);
    expect(res.headers.get("amp-email-allow-sender")).toBe(SENDER); // so the email can show its error
    expect(await answersOf(message.id)).toEqual([]);
    expect(await db.answerClick.count({ where: { messageId: message.id } })).toBe(0);
  });

  it("another sender, a value the question does not have, an answer-link token, no token: 4xx, nothing recorded", async () => {
    const { message, answerLinks } = await deliveredEmail(app.url, "vip_welcome");
    const amp = message.amp ?? "";
    const token = ampToken(amp, "vip_perk");
    const spoofed = await postForm(
      actionXhr(amp),
      { token, value: "gift" },
      { "AMP-Email-Sender": "someone@elsewhere.example" },
    );
    expect(spoofed.status).toBe(403);
    expect(spoofed.headers.get("amp-email-allow-sender")).toBeNull();
    expect((await postForm(actionXhr(amp), { token, value: "yacht" })).status).toBe(400);
    const linkToken = (answerLinks[0] ?? "").split("/a/")[1] ?? "";
    expect((await postForm(actionXhr(amp), { token: linkToken, value: "gift" })).status).toBe(400);
    expect((await postForm(actionXhr(amp), { value: "gift" })).status).toBe(400);
    expect(
      (
        await fetch(actionXhr(amp), {
          method: "POST",
          headers: { "AMP-Email-Sender": SENDER, "Content-Type": "multipart/form-data; boundary=x" },
          body: "garbage",
        })
      ).status,
    ).toBe(400);
    expect(await answersOf(message.id)).toEqual([]);
    expect(await db.answerClick.count({ where: { messageId: message.id } })).toBe(0);
  });
});
