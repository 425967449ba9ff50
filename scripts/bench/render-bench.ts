// The render benchmark itself (run by render.ts). Recipients differ in name, cart and links (every
// answer and unsubscribe link is signed per recipient), so every email is really personalised.
// Rates are emails per CPU-second of this process: rendering is synchronous work on one thread,
// so that is the rate one core sustains, whatever else the machine is doing.
import os from "node:os";
import { DEFAULT_QUESTIONS, type Question } from "../../app/campaigns/questions";
import { compileSources, layoutSources } from "../../app/email/compile.server";
import {
  composeEmail,
  type ComposeConfig,
  type ComposeOptions,
  type ShopSender,
} from "../../app/email/compose";
import { TEMPLATE_KEYS, type OutgoingEmail, type TemplateKey } from "../../app/email/outgoing";
import { sampleData } from "../../app/email/sample-data";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RECIPIENTS = 200;
const config: ComposeConfig = {
  baseUrl: "https://app.replyloop.example",
  signingSecret: "bench-secret-0123456789abcdef0123456789",
  fromAddress: "hello@replyloop.example",
};
const shop: ShopSender = { senderName: "", replyTo: null, answerLinkExpiryDays: 90 };
const QUESTIONS: Record<TemplateKey, Question[]> = {
  abandoned_cart_1: [DEFAULT_QUESTIONS.cart_abandon_reason],
  abandoned_cart_2: [DEFAULT_QUESTIONS.cart_abandon_reason],
  post_purchase_survey: [DEFAULT_QUESTIONS.nps],
  vip_welcome: [DEFAULT_QUESTIONS.vip_perk],
  welcome_1: [DEFAULT_QUESTIONS.shopping_for],
  welcome_2: [],
  winback: [DEFAULT_QUESTIONS.winback_reason],
};
const NAMES = ["Ava", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Inès", "Jonas"];

function recipients(): OutgoingEmail[] {
  return Array.from({ length: RECIPIENTS }, (_, i) => {
    const template = TEMPLATE_KEYS[i % TEMPLATE_KEYS.length] ?? "abandoned_cart_1";
    const data = sampleData(template, {
      name: "Demo Store",
      brand_color: "#0a7d55",
      logo_url: "https://cdn.shopify.com/s/files/1/logo.png",
    });
    data.customer = {
      email: `customer${i}@example.com`,
      first_name: NAMES[i % NAMES.length] ?? null,
      last_name: `Tester${i}`,
    };
    const items = data.checkout?.line_items ?? data.order?.line_items;
    if (items) {
      for (const [n, item] of items.entries()) {
        item.quantity = 1 + ((i + n) % 3);
        item.image_url = `https://cdn.shopify.com/s/files/1/products/${i}-${n}.png`;
      }
    }
    return {
      shop: "demo.myshopify.com",
      sendId: `bench-${i}`,
      campaign: template.startsWith("abandoned")
        ? "abandoned_cart"
        : template === "vip_welcome"
          ? "vip"
          : "post_purchase",
      step: template,
      template,
      to: { email: data.customer.email },
      content: {},
      data,
      questions: QUESTIONS[template],
      marketing: template !== "post_purchase_survey",
    };
  });
}

async function rate(label: string, emails: OutgoingEmail[], options: ComposeOptions) {
  const now = new Date();
  const renderAll = async (limitMs: number) => {
    let count = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      const email = emails[count % emails.length];
      if (!email) break;
      const result = await composeEmail(email, { messageId: `m${count}` }, now, shop, config, options);
      if (!result.ok) throw new Error(`${label}: ${result.reason}`);
      count++;
    }
    const used = process.cpuUsage(cpu);
    return {
      count,
      cpuSeconds: (used.user + used.system) / 1e6,
      wallSeconds: (performance.now() - started) / 1000,
    };
  };
  await renderAll(500); // warm-up: JIT, caches
  const run = await renderAll(SECONDS * 1000);
  return { label, ...run, perCore: run.count / run.cpuSeconds };
}

export async function runRenderBench() {
  const emails = recipients();
  const uncached: ComposeOptions = { compile: (spec) => compileSources(layoutSources(spec)) };
  console.log(
    `Render benchmark: ${TEMPLATE_KEYS.length} default templates, ${RECIPIENTS} personalised recipients, ${SECONDS} s each (${os.availableParallelism()} cores on this machine, one used)`,
  );
  const cached = await rate("cached compile", emails, {});
  // BENCH_ONLY=cached: profile the cached path alone (node --cpu-prof scripts/bench/render.ts).
  if (process.env.BENCH_ONLY === "cached")
    return console.log(`  cached compile: ${cached.perCore.toFixed(1)} emails/s per core`);
  const perRecipient = await rate("MJML per recipient", emails, uncached);
  const fmt = (n: number) =>
    n.toLocaleString("en", { maximumFractionDigits: 1, minimumFractionDigits: 1 }).padStart(10);
  for (const r of [cached, perRecipient]) {
    console.log(
      `  ${r.label.padEnd(20)} ${fmt(r.perCore)} emails/s per core   (${r.count} emails, ${r.cpuSeconds.toFixed(2)} CPU-s, ${r.wallSeconds.toFixed(2)} s)`,
    );
  }
  const ratio = cached.perCore / perRecipient.perCore;
  console.log(`  ratio                ${fmt(ratio)}×   (goal ≥ 20×: ${ratio >= 20 ? "met" : "NOT met"})`);
}
