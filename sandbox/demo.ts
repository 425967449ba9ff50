// npm run demo — the whole story in the terminal, on a fresh sandbox: an abandoned cart answered
// and recovered, a post-purchase survey answered, a customer reaching Gold, a new subscriber's
// welcome answered and followed up on, a lapsed customer's win-back answered, a survey answered by
// text. One line per step, a summary, the final HubSpot properties. Exits non-zero if any step did
// not happen.
import "./loopback-guard.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_CUSTOMERS } from "./catalog.ts";
import { SandboxClient, replyloopProperties } from "./client.ts";
import { startSandbox } from "./sandbox.ts";

const jane = DEMO_CUSTOMERS.find((c) => c.firstName === "Jane")!;
const marco = DEMO_CUSTOMERS.find((c) => c.firstName === "Marco")!;
const aiko = DEMO_CUSTOMERS.find((c) => c.firstName === "Aiko")!;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replyloop-demo-"));
const results: { step: string; ok: boolean; detail: string }[] = [];
const started = Date.now();

console.log("Replyloop demo: starting a fresh sandbox…");
const sandbox = await startSandbox({ port: 0, dataDir, log: () => undefined });
const client = new SandboxClient(sandbox.appUrl);
const control = (p: string, body: unknown) => client.control(p, body, sandbox.controlUrl);

async function step(name: string, run: () => Promise<string>) {
  const t = Date.now();
  process.stdout.write(`  … ${name}`);
  try {
    const detail = await run();
    results.push({ step: name, ok: true, detail });
    process.stdout.write(`\r  ✓ ${name} — ${detail} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    results.push({ step: name, ok: false, detail });
    process.stdout.write(`\r  ✗ ${name} — ${detail}\n`);
    throw error;
  }
}

const messageFor = (email: string, step: string) => (v: Awaited<ReturnType<SandboxClient["state"]>>) =>
  v.messages.find((m) => m.toEmail === email && m.step === step);
const property =
  (email: string, name: string, value?: string) => (v: Awaited<ReturnType<SandboxClient["state"]>>) => {
    const current = replyloopProperties(v, email)[name];
    return current !== undefined && (value === undefined || current === value) ? current : undefined;
  };

let exitCode = 0;
try {
  await step(
    "The shop's morning",
    async () => `clock moved ${await client.advanceToLocalHour(10)} h to 10:00 shop time`,
  );

  console.log("\nAbandoned cart");
  let checkoutToken = "";
  await step(`${jane.firstName} abandons a checkout`, async () => {
    const result = (await control("/store/abandon", {
      customerId: jane.id,
      items: [{ productId: "632910392", quantity: 1 }],
    })) as { token: string };
    checkoutToken = result.token;
    return `checkout ${checkoutToken.slice(0, 8)}…, Trail Runner Jacket`;
  });
  await step("1 hour passes", async () => client.advanceHours(1));
  const reminder = await client.waitFor("the reminder email", messageFor(jane.email, "reminder"));
  await step("Email 1 is sent", async () => `"${reminder.subject}" to ${reminder.toEmail}`);
  await step(`${jane.firstName} answers "Shipping cost"`, async () => {
    const thanks = await client.answer(
      SandboxClient.linkFor(await client.messageHtml(reminder.id), "Shipping cost"),
    );
    return thanks.includes("Shipping cost") ? "confirmed in the browser" : "confirmed";
  });
  await step("The HubSpot property appears", async () => {
    const value = await client.waitFor(
      "replyloop_cart_abandon_reason",
      property(jane.email, "replyloop_cart_abandon_reason", "shipping_cost"),
    );
    return `replyloop_cart_abandon_reason = ${value}`;
  });
  await step("24 hours pass", async () => client.advanceHours(23));
  const second = await client.waitFor("the discount email", messageFor(jane.email, "discount"));
  await step("Email 2 carries a unique code", async () => {
    const html = await client.messageHtml(second.id);
    const code = (await client.state()).store.discounts.map((d) => d.code).find((c) => html.includes(c));
    if (!code) throw new Error("no discount code of the store's in the email");
    return `code ${code}, single use, created in Shopify`;
  });
  await step(`${jane.firstName} orders`, async () => {
    const order = (await control("/store/order", { customerId: jane.id, checkoutToken })) as {
      name: string;
      total: string;
    };
    return `order ${order.name}, $${order.total}`;
  });
  await step("Recovered revenue is counted", async () => {
    const recovered = await client.waitFor("recovered revenue", (v) => v.recovered.orders > 0 && v.recovered);
    return `${recovered.orders} order, ${(recovered.amountCents / 100).toFixed(2)} USD, replyloop_cart_recovered = ${await client.waitFor(
      "replyloop_cart_recovered",
      property(jane.email, "replyloop_cart_recovered"),
    )}`;
  });

  console.log("\nPost-purchase survey");
  await step("The order is fulfilled", async () => {
    const order = (await client.state()).store.orders.find((o) => o.customerId === jane.id && !o.fulfilled);
    if (!order) throw new Error("no order to fulfil");
    await control("/store/fulfil", { orderId: order.id });
    return `order ${order.name} shipped`;
  });
  await step("7 days pass", async () => client.advanceHours(7 * 24));
  const survey = await client.waitFor("the survey email", messageFor(jane.email, "survey"));
  let followUp = "";
  await step(`${jane.firstName} answers NPS 10`, async () => {
    followUp = await client.answer(SandboxClient.linkFor(await client.messageHtml(survey.id), "10"));
    return "promoter";
  });
  await step('…and the follow-up: "Product quality"', async () => {
    await client.answer(SandboxClient.linkFor(followUp, "Product quality"));
    const value = await client.waitFor(
      "replyloop_q_nps_loved",
      property(jane.email, "replyloop_q_nps_loved", "product_quality"),
    );
    return `replyloop_q_nps_loved = ${value}`;
  });

  console.log("\nVIP");
  await step(`${marco.firstName} crosses Gold`, async () => {
    await control("/store/spend", { customerId: marco.id, amount: "1200.00" });
    const tags = await client.waitFor(
      "the VIP-Gold tag in Shopify",
      (v) => v.store.customers.find((c) => c.id === marco.id && c.tags.includes("VIP-Gold"))?.tags,
    );
    return `tagged ${tags.join(", ")} in Shopify`;
  });
  const vip = await client.waitFor("the VIP email", messageFor(marco.email, "welcome"));
  await step(`${marco.firstName} picks a perk`, async () => {
    await client.answer(SandboxClient.linkFor(await client.messageHtml(vip.id), "Free shipping"));
    await client.waitFor("replyloop_vip_perk", property(marco.email, "replyloop_vip_perk", "free_shipping"));
    return `"${vip.subject}": free shipping`;
  });
  await step(
    "The tier is in HubSpot",
    async () =>
      `replyloop_vip_tier = ${await client.waitFor("replyloop_vip_tier", property(marco.email, "replyloop_vip_tier", "gold"))}`,
  );

  console.log("\nWelcome");
  let subscriber = { id: "", email: "", name: "" };
  await step("A new customer subscribes", async () => {
    subscriber = (await control("/store/subscriber", {})) as typeof subscriber;
    return `${subscriber.name}: customers/create, then the consent topic says subscribed`;
  });
  const first = subscriber.name.split(" ")[0] ?? "They";
  const welcome = await client.waitFor("the welcome email", messageFor(subscriber.email, "welcome"));
  await step("Email 1 asks what they're shopping for", async () => {
    const html = await client.messageHtml(welcome.id);
    if (!html.includes("What are you shopping for?")) throw new Error("no preference question in the email");
    return `"${welcome.subject}"`;
  });
  await step(`${first} answers "Gifts"`, async () => {
    await client.answer(SandboxClient.linkFor(await client.messageHtml(welcome.id), "Gifts"));
    const value = await client.waitFor(
      "replyloop_q_shopping_for",
      property(subscriber.email, "replyloop_q_shopping_for", "gifts"),
    );
    return `replyloop_q_shopping_for = ${value}`;
  });
  await step("3 days pass", async () => client.advanceHours(72));
  const secondWelcome = await client.waitFor("the follow-up", messageFor(subscriber.email, "follow_up"));
  await step("Email 2 follows the answer", async () => {
    const html = await client.messageHtml(secondWelcome.id);
    if (!html.includes("shopping for gifts")) throw new Error("the follow-up does not use the answer");
    return `"${secondWelcome.subject}": written for someone shopping for gifts`;
  });

  console.log("\nWin-back");
  await step(`3 weeks pass: ${aiko.firstName}'s last order is over 90 days old`, async () =>
    client.advanceHours(21 * 24),
  );
  const winback = await client.waitFor("the win-back email", messageFor(aiko.email, "winback"));
  await step("The win-back email asks why", async () => `"${winback.subject}" to ${winback.toEmail}`);
  await step(`${aiko.firstName} answers "I found it elsewhere"`, async () => {
    await client.answer(SandboxClient.linkFor(await client.messageHtml(winback.id), "I found it elsewhere"));
    const value = await client.waitFor(
      "replyloop_q_winback_reason",
      property(aiko.email, "replyloop_q_winback_reason", "found_elsewhere"),
    );
    return `replyloop_q_winback_reason = ${value}`;
  });

  console.log("\nSMS, two-way");
  await step("The merchant sends the survey by text", async () =>
    client.act({ intent: "survey_channel", mode: "sms" }),
  );
  await step(`${marco.firstName} orders and it ships`, async () => {
    const order = (await control("/store/order", { customerId: marco.id, checkoutToken: null })) as {
      orderId: string;
      name: string;
    };
    await control("/store/fulfil", { orderId: order.orderId });
    return `order ${order.name} fulfilled`;
  });
  await step("7 days pass", async () => client.advanceHours(7 * 24));
  const text = await client.waitFor("the survey text on Marco's phone", (v) =>
    v.store.phone.phones
      .find((p) => p.customerId === marco.id)
      ?.texts.find((t) => t.direction === "to_phone" && t.body.includes("Reply 0–10")),
  );
  await step("The survey arrives by text", async () => `"${text.body.split("\n")[1] ?? text.body}"`);
  await step(`${marco.firstName} replies "9" from his phone`, async () => {
    await client.act({ intent: "text", customerId: marco.id, body: "9" });
    const value = await client.waitFor(
      "replyloop_last_nps_score",
      property(marco.email, "replyloop_last_nps_score", "9"),
    );
    return `replyloop_last_nps_score = ${value} (answered by SMS)`;
  });

  const final = await client.state();
  console.log("\nHubSpot contacts (portal 62515), replyloop_* properties:");
  for (const contact of final.store.hubspot.contacts) {
    console.log(`  ${contact.email}`);
    for (const [name, value] of Object.entries(replyloopProperties(final, contact.email)).sort())
      console.log(`    ${name.padEnd(32)} ${value}`);
  }
} catch {
  exitCode = 1;
} finally {
  await sandbox.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok);
console.log(
  `\n${results.length - failed.length}/${results.length} steps happened in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.map((f) => f.step).join(", ")}` : ""}.`,
);
process.exit(exitCode || (failed.length ? 1 : 0));
