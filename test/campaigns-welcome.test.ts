// Issue 18: the welcome journey against the built app, the project's HubSpot stand-in and signed
// Shopify webhooks, on a clock the test moves. customers/create, then the consent topic saying
// "subscribed" → the welcome email with "What are you shopping for?" (the merchant's choices) → the
// customer answers → the answer is a replyloop_q_shopping_for value in HubSpot (an enumeration of
// the property contract, provisioned like any question, refused values handled like any other) →
// three days later the follow-up's content follows the answer. The first order ends the series;
// subscribing again does not start it again.
import { fakeHubSpot as hubspot } from "../fakes/local-hubspot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepDueSends } from "../app/campaigns/dispatch.server";
import type { Question } from "../app/campaigns/questions";
import { flushCrmWrites } from "../app/crm/hubspot/flusher.server";
import db from "../app/db.server";
import { appClock, installClock } from "../app/lib/app-clock.server";
import { DAY, HOUR, ManualClock } from "../app/lib/clock";
import { adminClient, type AdminClient } from "./helpers/admin";
import { answerLinksOf, deliveredEmail } from "./helpers/answers";
import { startBuiltApp } from "./helpers/app-server";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { BROWSER_UA, seedShop, signWebhook, TEST_SHOP } from "./helpers/shopify";

const PORTAL = "4181";
const EDITOR = "routes/app.campaigns.$kind";
const clock = new ManualClock("2026-12-07T10:00:00Z"); // a Monday morning
installClock(clock);

let app: Awaited<ReturnType<typeof startBuiltApp>>;
let admin: AdminClient;

beforeAll(async () => {
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  app = await startBuiltApp();
  admin = adminClient(app.url, TEST_SHOP);
  await runJobs();
  const token = hubspot.addPortal(PORTAL);
  const res = await admin.act("/app/hubspot", "routes/app.hubspot", {
    intent: "token",
    token,
    requestsPer10s: "110",
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  await runJobs();
});
afterAll(async () => {
  await app?.close();
  await hubspot.stop();
});

type Settings = { questions: Question[]; restartOnResubscribe: boolean } & Record<string, unknown>;
async function settings(): Promise<Settings> {
  const res = await admin.load("/app/campaigns/welcome", EDITOR);
  return ((await res.json()) as { form: { settings: Settings } }).form.settings;
}
async function save(next: Settings) {
  const res = await admin.act("/app/campaigns/welcome", EDITOR, {
    intent: "save",
    settings: JSON.stringify(next),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function webhook(topic: string, payload: unknown) {
  const { headers, body } = signWebhook({ topic, body: payload, shop: TEST_SHOP });
  const res = await fetch(`${app.url}/webhooks/${topic}`, { method: "POST", headers, body });
  expect(res.status, topic).toBe(200);
  await runJobs();
}
const newCustomer = (id: string, email: string) =>
  webhook("customers/create", {
    ...fixture("shopify/customers_create.json"),
    id: Number(id),
    email,
    first_name: "Mia",
    last_name: "Lopez",
  });
const consent = (id: string, email: string, state: string) =>
  webhook("customers_email_marketing_consent/update", {
    ...fixture("shopify/customers_email_marketing_consent_update.json"),
    customer_id: Number(id),
    email_address: email,
    email_marketing_consent: {
      state,
      opt_in_level: "single_opt_in",
      consent_updated_at: clock.now().toISOString(),
    },
  });
const order = (id: string, email: string, number: number) =>
  webhook("orders/create", {
    ...fixture("shopify/orders_create.json"),
    id: number,
    name: `#${number}`,
    email,
    contact_email: email,
    checkout_token: null,
    customer: {
      ...fixture<{ customer: object }>("shopify/orders_create.json").customer,
      id: Number(id),
      email,
    },
  });

/** The worker at this instant: due sends swept into jobs, the jobs run. */
async function work() {
  await sweepDueSends(clock.now());
  await runJobs();
}
async function flushFor(seconds: number) {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1_000);
    await flushCrmWrites(db, { clock: appClock });
  }
}
const message = (email: string, step: string) =>
  db.message.findFirstOrThrow({ where: { shop: TEST_SHOP, toEmail: email, step } });
const property = (name: string) => hubspot.portals.get(PORTAL)?.properties.get(name);
const contactValue = (email: string, name: string) => hubspot.contact(PORTAL, email)?.properties[name];

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
function linkFor(links: string[], key: string, value: string) {
  const link = links.find((l) => {
    const token = l.split("/a/")[1]?.split(".")[0] ?? "";
    const claims = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown[];
    return claims[5] === key && claims[6] === value;
  });
  if (!link) throw new Error(`no link for ${key}=${value}`);
  return link;
}

describe("welcome", () => {
  it("consent → welcome email with the merchant's choices → the answer in HubSpot → the follow-up follows the answer", async () => {
    // Connected before the campaign was touched: the welcome question is already a property.
    expect(property("replyloop_q_shopping_for")).toMatchObject({ type: "enumeration" });
    expect(property("replyloop_q_shopping_for")?.options?.map((o) => o.value)).toEqual([
      "myself",
      "gifts",
      "home",
      "just_looking",
    ]);
    // The merchant switches it on and adds a choice: provisioned by a job, like any question.
    await admin.act("/app/campaigns/welcome", EDITOR, { intent: "enable", enabled: "true" });
    const edited = await settings();
    const question = edited.questions[0];
    if (question?.kind !== "choice") throw new Error("the welcome question is a choice question");
    question.choices.push({ value: "outdoor", label: "Outdoor gear" });
    await save(edited);
    await runJobs();
    expect(property("replyloop_q_shopping_for")?.options).toContainEqual(
      expect.objectContaining({ value: "outdoor", label: "Outdoor gear" }),
    );

    // Shopify: a customer is created, then subscribes (the customer payload carries no consent).
    const mia = { id: "6101", email: "mia.lopez@example.com" };
    await newCustomer(mia.id, mia.email);
    expect(await db.journey.count({ where: { campaign: "welcome" } })).toBe(0);
    await consent(mia.id, mia.email, "subscribed");
    const [journey] = await db.journey.findMany({ where: { shop: TEST_SHOP, campaign: "welcome" } });
    expect(journey).toMatchObject({ email: mia.email, customerId: mia.id, state: "active" });
    await work();
    const welcome = await message(mia.email, "welcome");
    expect(welcome.subject).toBe("Welcome to Demo Store, Mia");
    expect(welcome.html).toContain("What are you shopping for?");
    expect(welcome.html).toContain("Outdoor gear");
    const links = answerLinksOf(welcome.html);
    expect(links).toHaveLength(5);

    clock.advance(HOUR);
    expect(await confirmAnswer(linkFor(links, "shopping_for", "gifts"))).toContain("Thank you!");
    await flushFor(3);
    expect(contactValue(mia.email, "replyloop_q_shopping_for")).toBe("gifts");

    // Three days after the welcome email: the follow-up, written for someone shopping for gifts.
    clock.advance(3 * DAY - HOUR);
    await work();
    const followUp = await message(mia.email, "follow_up");
    expect(followUp.subject).toBe("Gift ideas from Demo Store");
    expect(followUp.text).toContain("You told us you're shopping for gifts");
    expect(await db.journey.findUniqueOrThrow({ where: { id: journey!.id } })).toMatchObject({
      state: "completed",
      exitReason: "welcome series sent",
    });
  });

  it("another answer, another follow-up: the label the customer chose, in the merchant's own text", async () => {
    const edited = await settings();
    edited.followUp = {
      enabled: true,
      delayMinutes: 24 * 60,
      content: {
        body: "{% if answers.shopping_for == 'outdoor' %}Trail season is here.{% else %}Our favourites.{% endif %} You said: {{ answer_labels.shopping_for }}.",
      },
    };
    await save(edited);
    const leo = { id: "6102", email: "leo@example.com" };
    await consent(leo.id, leo.email, "subscribed");
    await work();
    clock.advance(2 * HOUR);
    await confirmAnswer(
      linkFor(answerLinksOf((await message(leo.email, "welcome")).html), "shopping_for", "outdoor"),
    );
    clock.advance(DAY);
    await work();
    const followUp = await message(leo.email, "follow_up");
    expect(followUp.text).toContain("Trail season is here. You said: Outdoor gear.");
    expect(followUp.subject).toBe("Picked for you at Demo Store");
  });

  it("the first order ends the series: no follow-up", async () => {
    const ida = { id: "6103", email: "ida@example.com" };
    await consent(ida.id, ida.email, "subscribed");
    await work();
    expect(await db.message.count({ where: { toEmail: ida.email, step: "welcome" } })).toBe(1);
    clock.advance(5 * HOUR);
    await order(ida.id, ida.email, 9601);
    clock.advance(3 * DAY);
    await work();
    expect(await db.message.count({ where: { toEmail: ida.email, step: "follow_up" } })).toBe(0);
    expect(
      await db.journey.findFirstOrThrow({ where: { email: ida.email, campaign: "welcome" } }),
    ).toMatchObject({
      state: "exited",
      exitReason: "the customer placed an order",
    });
    expect(
      await db.scheduledSend.findFirstOrThrow({ where: { email: ida.email, step: "follow_up" } }),
    ).toMatchObject({ state: "cancelled" });
  });

  it("once per customer: unsubscribing ends it, subscribing again does not start it again (unless the merchant allows it)", async () => {
    const ola = { id: "6104", email: "ola@example.com" };
    await consent(ola.id, ola.email, "subscribed");
    await work();
    clock.advance(HOUR);
    await consent(ola.id, ola.email, "unsubscribed");
    expect(
      await db.journey.findFirstOrThrow({ where: { email: ola.email, campaign: "welcome" } }),
    ).toMatchObject({
      state: "exited",
      exitReason: "email marketing state is unsubscribed",
    });
    clock.advance(DAY);
    await consent(ola.id, ola.email, "subscribed");
    expect(await db.journey.count({ where: { email: ola.email, campaign: "welcome" } })).toBe(1);
    expect(
      await db.decision.findFirst({
        where: { email: ola.email, campaign: "welcome", kind: "skipped" },
        orderBy: { at: "desc" },
      }),
    ).toMatchObject({ reason: "already had this campaign (once per customer)" });
    // A consent event for someone subscribed long ago (a new opt-in level) starts nothing either.
    clock.advance(10 * DAY);
    const decisions = await db.decision.count({ where: { email: ola.email } });
    await consent(ola.id, ola.email, "subscribed");
    expect(await db.decision.count({ where: { email: ola.email } })).toBe(decisions);

    const restart = await settings();
    restart.restartOnResubscribe = true;
    await save(restart);
    await consent(ola.id, ola.email, "unsubscribed");
    clock.advance(HOUR);
    await consent(ola.id, ola.email, "subscribed");
    expect(await db.journey.count({ where: { email: ola.email, campaign: "welcome" } })).toBe(2);
  });

  it("a choice saved before provisioning ran: HubSpot refuses it (207), the portal is provisioned again, the value sent again", async () => {
    const edited = await settings();
    const question = edited.questions[0];
    if (question?.kind !== "choice") throw new Error("the welcome question is a choice question");
    question.choices.push({ value: "vintage", label: "Vintage finds" });
    await save(edited); // its provisioning job has not run when the answer comes
    const { answerLinks } = await deliveredEmail(app.url, "welcome_1", {
      overrides: { questions: edited.questions, to: { email: "zoe@example.com", customerId: "6105" } },
    });
    const upserts = () =>
      hubspot
        .calls({ method: "POST", path: "/crm/v3/objects/contacts/batch/upsert", portalId: PORTAL })
        .map((c) => c.status);
    const before = upserts().length;
    await confirmAnswer(linkFor(answerLinks, "shopping_for", "vintage"));
    await flushFor(4);
    expect(upserts().slice(before)).toEqual([207, 200]);
    expect(contactValue("zoe@example.com", "replyloop_q_shopping_for")).toBe("vintage");
    expect(await db.crmWrite.count({ where: { shop: TEST_SHOP, state: "failed" } })).toBe(0);
  });

  it("the editor's live preview shows the follow-up for a sample answer: one of the merchant's choices", async () => {
    const preview = async (edited: Settings) => {
      const res = await admin.act("/app/campaigns/welcome/preview", "routes/app.campaigns.$kind.preview", {
        settings: JSON.stringify(edited),
        step: "follow_up",
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { preview: { subject: string; text: string } }).preview;
    };
    const current = await settings();
    expect(await preview(current)).toMatchObject({ subject: "Gift ideas from Demo Store" });
    // Without "Gifts" among the choices, the sample customer picked the first one.
    const question = current.questions[0];
    if (question?.kind !== "choice") throw new Error("the welcome question is a choice question");
    question.choices = question.choices.filter((c) => c.value !== "gifts");
    current.followUp = {
      enabled: false,
      delayMinutes: 60,
      content: { body: "You said: {{ answer_labels.shopping_for }}." },
    };
    const shown = await preview(current);
    expect(shown.subject).toBe("Picked for you at Demo Store");
    expect(shown.text).toContain("You said: Something for me.");
  });

  it("is on the dashboard with its funnel, and in the agency file with its question's property", async () => {
    const res = await admin.load("/app?days=30", "routes/app._index");
    const { figures } = (await res.json()) as {
      figures: { campaigns: Record<string, Record<string, number>> };
    };
    // Mia, Leo, Ida, Ola (twice) entered; six series emails went out, and the one Zoe answered; three answered.
    expect(figures.campaigns.welcome).toMatchObject({ entered: 5, sent: 7, answered: 3 });
    expect(figures.campaigns.winback).toMatchObject({ entered: 0, sent: 0 });

    const file = await admin.resource("/app/agency.json");
    const config = (await file.json()) as {
      campaigns: Record<string, { enabled: boolean; settings: { questions: { key: string }[] } }>;
      propertyMappings: { campaign: string; question: string; property: string }[];
    };
    expect(config.campaigns.welcome).toMatchObject({ enabled: true });
    expect(config.campaigns.welcome!.settings.questions.map((q) => q.key)).toEqual(["shopping_for"]);
    expect(config.propertyMappings).toContainEqual({
      campaign: "welcome",
      question: "shopping_for",
      property: "replyloop_q_shopping_for",
    });
    expect(config.propertyMappings).toContainEqual({
      campaign: "winback",
      question: "winback_reason",
      property: "replyloop_q_winback_reason",
    });
  });
});
