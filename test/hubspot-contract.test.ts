// Issue 14, part 1: what the merchant edits is what HubSpot accepts. Against the built app and the
// project's HubSpot stand-in (which refuses unknown options, unknown properties and wrong types the
// way HubSpot does: a 207 with per-input errors): the steps end to end (private-app token →
// "Add choice" too_slow → save → the customer confirms → the property holds too_slow), a refused
// value the shop still offers (provisioned again, sent again), a refused value it no longer offers
// (logged, listed on the HubSpot page with HubSpot's reason and what to do), custom questions added
// and edited after connecting, and a question whose type changed (shown, never overwritten).
import { fakeHubSpot as hubspot } from "../fakes/local-hubspot";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sweepDueSends } from "../app/campaigns/dispatch.server";
import type { Question } from "../app/campaigns/questions";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import db from "../app/db.server";
import { appClock, installClock } from "../app/lib/app-clock.server";
import { HOUR, ManualClock } from "../app/lib/clock";
import { adminClient, type AdminClient } from "./helpers/admin";
import { answerLinksOf, deliveredEmail } from "./helpers/answers";
import { startBuiltApp } from "./helpers/app-server";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { BROWSER_UA, seedShop, signWebhook, TEST_SHOP } from "./helpers/shopify";

const PORTAL = "4041";
const EMAIL = "jane.doe@example.com";
const CUSTOMER = "4001";
const EDITOR = "routes/app.campaigns.$kind";
const HUBSPOT_PAGE = "routes/app.hubspot";
const clock = new ManualClock("2026-12-07T10:00:00Z"); // a Monday morning
installClock(clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
let admin: AdminClient;

beforeAll(async () => {
  await seedShop(TEST_SHOP, {
    name: "Demo Store",
    customers: [
      {
        id: CUSTOMER,
        email: EMAIL,
        numberOfOrders: 0,
        amountSpent: "0.00",
        currencyCode: "USD",
        tags: [],
        marketingState: "SUBSCRIBED",
      },
    ],
  });
  app = await startBuiltApp();
  admin = adminClient(app.url, TEST_SHOP);
  await runJobs();
});
afterAll(async () => {
  await app?.close();
  await hubspot.stop();
});
afterEach(() => vi.restoreAllMocks());

type Json = Record<string, unknown>;
type Settings = Json & { questions: Question[] };
type PageData = {
  failedWrites: number;
  properties: { name: string; status: string; advice: string | null; waiting: number; options: string[] }[];
  refused: { property: string; value: string; reason: string; advice: string; count: number }[];
};
const body = async <T>(res: Response) => (await res.json()) as T;

async function settingsOf(kind: string): Promise<Settings> {
  return (await body<{ form: { settings: Settings } }>(await admin.load(`/app/campaigns/${kind}`, EDITOR)))
    .form.settings;
}
async function save(kind: string, settings: Settings) {
  const res = await admin.act(`/app/campaigns/${kind}`, EDITOR, {
    intent: "save",
    settings: JSON.stringify(settings),
  });
  expect(res.status, `saving ${kind}: ${await res.clone().text()}`).toBe(200);
}
const hubspotPage = async () => body<PageData>(await admin.load("/app/hubspot", HUBSPOT_PAGE));

async function webhook(topic: string, payload: unknown) {
  const { headers, body: raw } = signWebhook({ topic, body: payload, shop: TEST_SHOP });
  const res = await fetch(`${app.url}/webhooks/${topic}`, { method: "POST", headers, body: raw });
  expect(res.status, topic).toBe(200);
  await runJobs();
}

/** A person on the answer page: opens the link, reads, presses "Confirm my answer". */
async function confirmAnswer(link: string) {
  const url = new URL(new URL(link).pathname, app.url).toString();
  const page = await (await fetch(url, { headers: { "User-Agent": BROWSER_UA } })).text();
  const click = /name="click" value="([^"]+)"/.exec(page)?.[1] ?? "";
  clock.advance(4_000);
  const res = await fetch(url, {
    method: "POST",
    headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ click, mode: "button" }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** The flusher's periodic task, as a worker runs it: once a second on the app clock. */
async function flushFor(seconds: number) {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1_000);
    await flushCrmWrites(db, { clock: appClock });
  }
}

const property = (name: string) => hubspot.portals.get(PORTAL)?.properties.get(name);
const contactValue = (name: string, email = EMAIL) => hubspot.contact(PORTAL, email)?.properties[name];
const calls = (method: string, path: string) =>
  hubspot.calls({ method, path, portalId: PORTAL }).map((c) => c.status);
const upserts = () => calls("POST", "/crm/v3/objects/contacts/batch/upsert");
const patches = (name: string) => calls("PATCH", `/crm/v3/properties/contacts/${name}`);

/** An email to EMAIL asking `questions`, on the test server, delivered an hour ago. */
async function emailAsking(questions: Question[]) {
  const { answerLinks } = await deliveredEmail(app.url, "abandoned_cart_1", {
    overrides: { questions, to: { email: EMAIL, customerId: CUSTOMER } },
  });
  return answerLinks;
}
const linkFor = (links: string[], key: string, value: string) => {
  const link = links.find((l) => {
    const token = l.split("/a/")[1]?.split(".")[0] ?? "";
    const claims = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown[];
    return claims[5] === key && claims[6] === value;
  });
  if (!link) throw new Error(`no link for ${key}=${value}`);
  return link;
};

describe("the issue's steps: a choice added after connecting reaches HubSpot", () => {
  it("private-app token → Add choice too_slow → save → 6 answer links → the customer confirms → too_slow in HubSpot, nothing refused", async () => {
    const token = hubspot.addPortal(PORTAL);
    const connected = await body<{ ok: boolean }>(
      await admin.act("/app/hubspot", HUBSPOT_PAGE, { intent: "token", token, requestsPer10s: "110" }),
    );
    expect(connected.ok).toBe(true);
    await runJobs();
    expect(property("replyloop_cart_abandon_reason")?.options?.map((o) => o.value)).not.toContain("too_slow");

    await admin.act("/app/campaigns/abandoned_cart", EDITOR, { intent: "enable", enabled: "true" });
    const settings = await settingsOf("abandoned_cart");
    if (settings.questions[0]?.kind === "choice")
      settings.questions[0].choices.push({ value: "too_slow", label: "Checkout was too slow" });
    const patchesBefore = patches("replyloop_cart_abandon_reason").length;
    await save("abandoned_cart", settings);
    // Provisioning is a job, not part of the merchant's request.
    expect(patches("replyloop_cart_abandon_reason")).toHaveLength(patchesBefore);
    await runJobs();
    expect(patches("replyloop_cart_abandon_reason").slice(patchesBefore)).toEqual([200]);
    expect(property("replyloop_cart_abandon_reason")?.options).toContainEqual(
      expect.objectContaining({ value: "too_slow", label: "Checkout was too slow" }),
    );

    // The store: a subscribed customer abandons a checkout; an hour later the reminder goes out.
    await webhook("customers_email_marketing_consent/update", {
      ...fixture("shopify/customers_email_marketing_consent_update.json"),
      customer_id: Number(CUSTOMER),
      email_address: EMAIL,
      email_marketing_consent: {
        state: "subscribed",
        opt_in_level: "single_opt_in",
        consent_updated_at: clock.now().toISOString(),
      },
    });
    await webhook("checkouts/create", {
      ...fixture("shopify/checkouts_create.json"),
      token: "tok-too-slow",
      email: EMAIL,
      customer: {
        ...fixture<{ customer: object }>("shopify/checkouts_create.json").customer,
        id: Number(CUSTOMER),
        email: EMAIL,
      },
    });
    clock.advance(HOUR + 60_000);
    await sweepDueSends(clock.now());
    await runJobs();
    const message = await db.message.findFirstOrThrow({
      where: { shop: TEST_SHOP, toEmail: EMAIL },
      orderBy: { createdAt: "desc" },
    });
    const links = answerLinksOf(message.html);
    expect(links).toHaveLength(6);
    expect(message.html).toContain("Checkout was too slow");

    clock.advance(HOUR); // the customer reads the email later
    const thanks = await confirmAnswer(linkFor(links, "cart_abandon_reason", "too_slow"));
    expect(thanks).toContain("Thank you!");
    await flushFor(3);

    expect(contactValue("replyloop_cart_abandon_reason")).toBe("too_slow");
    expect(upserts()).not.toContain(207);
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);
    const page = await hubspotPage();
    expect(page.failedWrites).toBe(0);
    expect(page.refused).toEqual([]);
    expect(page.properties.find((p) => p.name === "replyloop_cart_abandon_reason")?.options).toContain(
      "too_slow",
    );
  });
});

describe("values HubSpot refuses", () => {
  it("a choice saved while provisioning has not run yet: refused (207 INVALID_OPTION), provisioned again, sent again", async () => {
    const settings = await settingsOf("abandoned_cart");
    if (settings.questions[0]?.kind === "choice")
      settings.questions[0].choices.push({ value: "no_stock", label: "Out of stock" });
    await save("abandoned_cart", settings); // its provisioning job has not run when the answer comes
    const links = await emailAsking(settings.questions);
    const before = { upserts: upserts().length, patches: patches("replyloop_cart_abandon_reason").length };
    await confirmAnswer(linkFor(links, "cart_abandon_reason", "no_stock"));
    await flushFor(4);

    expect(upserts().slice(before.upserts)).toEqual([207, 200]);
    expect(patches("replyloop_cart_abandon_reason").slice(before.patches)).toEqual([200]);
    expect(contactValue("replyloop_cart_abandon_reason")).toBe("no_stock");
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);
  });

  it("a value no campaign offers any more: failed, logged with property and value, listed with HubSpot's reason and what to do", async () => {
    const warn = vi.spyOn(console, "warn");
    const settings = await settingsOf("abandoned_cart");
    const question = settings.questions[0];
    if (question?.kind !== "choice") throw new Error("the cart question is a choice question");
    question.choices.push({ value: "gone_soon", label: "Removed before HubSpot heard of it" });
    await save("abandoned_cart", settings);
    const links = await emailAsking(structuredClone(settings.questions));
    question.choices.pop();
    await save("abandoned_cart", settings);
    await runJobs(); // provisioning runs only now, with the choice already gone

    await confirmAnswer(linkFor(links, "cart_abandon_reason", "gone_soon"));
    await flushFor(4);

    expect(contactValue("replyloop_cart_abandon_reason")).not.toBe("gone_soon");
    const failed = await db.crmWrite.findMany({ where: { shop: TEST_SHOP, state: "failed" } });
    expect(failed.map((w) => [w.property, w.value])).toEqual([
      ["replyloop_cart_abandon_reason", "gone_soon"],
    ]);
    const logged = warn.mock.calls
      .map((c) => String(c[0]))
      .find((l) => l.startsWith("hubspot refused a value"));
    expect(logged).toContain('"property":"replyloop_cart_abandon_reason"');
    expect(logged).toContain('"value":"gone_soon"');
    expect(logged).toContain("INVALID_OPTION");

    const page = await hubspotPage();
    expect(page.failedWrites).toBe(1);
    expect(page.refused).toEqual([
      expect.objectContaining({
        property: "replyloop_cart_abandon_reason",
        value: "gone_soon",
        reason: expect.stringMatching(
          /^INVALID_OPTION: gone_soon was not one of the allowed options: \[/,
        ) as string,
        advice: expect.stringContaining("Add the choice back") as string,
        count: 1,
      }),
    ]);

    // The merchant does what the page says: the choice comes back, and the value goes out again.
    question.choices.push({ value: "gone_soon", label: "Back again" });
    await save("abandoned_cart", settings);
    await runJobs();
    expect(
      await body<{ message: string }>(await admin.act("/app/hubspot", HUBSPOT_PAGE, { intent: "resend" })),
    ).toMatchObject({ message: "Sending 1 refused values again." });
    await flushFor(3);
    expect(contactValue("replyloop_cart_abandon_reason")).toBe("gone_soon");
    expect((await hubspotPage()).refused).toEqual([]);
  });
});

describe("custom questions added and edited after connecting", () => {
  it("a choice, a scale and a yes/no question become typed properties; a new and a relabelled choice reach HubSpot", async () => {
    const cart = await settingsOf("abandoned_cart");
    cart.questions = [
      cart.questions[0]!,
      {
        key: "delivery_speed",
        kind: "choice",
        prompt: "How fast should delivery be?",
        choices: [
          { value: "fast", label: "Fast" },
          { value: "cheap", label: "Cheap" },
        ],
      },
      { key: "gift_wrap", kind: "yes_no", prompt: "Gift wrap next time?" },
    ];
    await save("abandoned_cart", cart);
    const survey = await settingsOf("post_purchase");
    survey.questions = [
      survey.questions[0]!,
      { key: "ease", kind: "scale", prompt: "How easy was checkout?", min: 1, max: 5 },
    ];
    await save("post_purchase", survey);
    await runJobs();
    expect(property("replyloop_q_delivery_speed")).toMatchObject({ type: "enumeration" });
    expect(property("replyloop_q_gift_wrap")).toMatchObject({ type: "bool" });
    expect(property("replyloop_q_ease")).toMatchObject({ type: "number" });

    const links = await emailAsking([...cart.questions, survey.questions[1]!]);
    await confirmAnswer(linkFor(links, "delivery_speed", "fast"));
    await confirmAnswer(linkFor(links, "gift_wrap", "yes"));
    await confirmAnswer(linkFor(links, "ease", "4"));
    await flushFor(3);
    expect(contactValue("replyloop_q_delivery_speed")).toBe("fast");
    expect(contactValue("replyloop_q_gift_wrap")).toBe("true");
    expect(contactValue("replyloop_q_ease")).toBe("4");

    // Edited: a new choice and a relabelled one.
    const speed = cart.questions[1]!;
    if (speed.kind !== "choice") throw new Error("a choice question");
    speed.choices.push({ value: "same_day", label: "Same day" });
    speed.choices[0]!.label = "Fast, please";
    await save("abandoned_cart", cart);
    await runJobs();
    expect(property("replyloop_q_delivery_speed")?.options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: "fast", label: "Fast, please" }),
        expect.objectContaining({ value: "same_day", label: "Same day" }),
      ]),
    );
    const again = await emailAsking(cart.questions);
    clock.advance(HOUR);
    await confirmAnswer(linkFor(again, "delivery_speed", "same_day"));
    await flushFor(3);
    expect(contactValue("replyloop_q_delivery_speed")).toBe("same_day");
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);
  });

  it("an NPS follow-up edited after connecting: its new choice is an option before anyone answers it", async () => {
    const survey = await settingsOf("post_purchase");
    const loved = survey.questions[0]?.followUps?.[0]?.question;
    if (!loved) throw new Error("the NPS question has a promoter follow-up");
    loved.choices.push({ value: "packaging", label: "The packaging" });
    await save("post_purchase", survey);
    await runJobs();
    expect(property(`replyloop_q_${loved.key}`)?.options).toContainEqual(
      expect.objectContaining({ value: "packaging", label: "The packaging" }),
    );
    const links = await emailAsking(survey.questions.slice(0, 1));
    const thanks = await confirmAnswer(linkFor(links, "nps", "10"));
    const followUp = /href="(\/a\/[^"]+)"/.exec(thanks.replace(/&amp;/g, "&"))?.[1];
    const packaging = [...thanks.matchAll(/href="(\/a\/[^"]+)"[^>]*>The packaging</g)][0]?.[1];
    expect(followUp).toBeDefined();
    await confirmAnswer(`${app.url}${packaging ?? ""}`);
    await flushFor(3);
    expect(contactValue(`replyloop_q_${loved.key}`)).toBe("packaging");
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);
  });

  it("a question whose type changed: the property HubSpot has is shown with what to do, never overwritten; its answers wait", async () => {
    const survey = await settingsOf("post_purchase");
    survey.questions[1] = {
      key: "ease",
      kind: "choice",
      prompt: "How easy was checkout?",
      choices: [
        { value: "easy", label: "Easy" },
        { value: "hard", label: "Hard" },
      ],
    };
    await save("post_purchase", survey);
    const writesToIt = () =>
      hubspot.calls({ portalId: PORTAL }).filter((c) => c.path.endsWith("/replyloop_q_ease")).length;
    const before = writesToIt();
    await runJobs();
    expect(property("replyloop_q_ease")?.type).toBe("number"); // untouched
    expect(writesToIt()).toBe(before);

    const links = await emailAsking([survey.questions[1]]);
    await confirmAnswer(linkFor(links, "ease", "easy"));
    await flushFor(3);
    expect(contactValue("replyloop_q_ease")).toBe("4");
    const page = await hubspotPage();
    expect(page.properties.find((p) => p.name === "replyloop_q_ease")).toMatchObject({
      status: "failed: exists as number, expected enumeration",
      advice: expect.stringContaining("Rename or delete it in HubSpot") as string,
      waiting: 1,
    });
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);

    // The merchant deletes the old property in HubSpot and presses "Create now": the answer lands.
    hubspot.portals.get(PORTAL)?.properties.delete("replyloop_q_ease");
    await admin.act("/app/hubspot", HUBSPOT_PAGE, { intent: "provision" });
    await runJobs();
    expect(property("replyloop_q_ease")?.type).toBe("enumeration");
    await flushFor(3);
    expect(contactValue("replyloop_q_ease")).toBe("easy");
  });
});

describe("an agency preset applied after connecting", () => {
  it("its questions become properties by a job, not in the request", async () => {
    const created = () => calls("POST", "/crm/v3/properties/contacts").length;
    const before = created();
    const res = await admin.act("/app/agency", "routes/app.agency", {
      intent: "apply",
      source: "preset",
      preset: "fashion",
    });
    expect(await body<{ ok: boolean }>(res)).toMatchObject({ ok: true });
    expect(created()).toBe(before);
    await runJobs();
    expect(property("replyloop_q_size_fit")?.options?.map((o) => o.value)).toEqual([
      "sure",
      "unsure",
      "need_guide",
    ]);
    expect(property("replyloop_q_fit_feedback")).toMatchObject({ type: "enumeration" });
  });
});
