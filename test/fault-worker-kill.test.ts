// Issue 17, R3 (PostgreSQL, where several worker processes run): two worker processes send 1,000
// due welcome emails through the SendGrid stand-in; one of them is killed with SIGKILL at random
// moments three times and started again. Every email is sent, and the stand-in's log (each request
// it accepted, with our message id in custom_args) shows at most one duplicate per kill: only a
// submission caught between SendGrid's 202 and the UPDATE that records it can be repeated.
// The workers' app clock runs 10× faster than the real one (test/workers/app-worker.ts), so what is
// left "sending" by a killed worker is retried after the product's SENDING_STALE_MS without waiting.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCampaign } from "../app/campaigns/config.server";
import db from "../app/db.server";
import { CUSTOM_ARG_MESSAGE } from "../app/email/sendgrid/custom-args";
import { installClock } from "../app/lib/app-clock.server";
import { ManualClock } from "../app/lib/clock";
import { startFakeSendGrid, type FakeSendGrid } from "../fakes/sendgrid-server";
import { AppWorkers } from "./helpers/app-workers";
import { fixture } from "./helpers/fixtures";
import { runJobs } from "./helpers/jobs";
import { seedShop, TEST_SHOP, webhookRequest } from "./helpers/shopify";
import { deliverWebhook } from "./helpers/webhooks";
import { fakeShopifyAdmin } from "./setup/fakes";

const onPostgres = process.env.TEST_DB_ENGINE === "postgresql";
const EMAILS = 1_000;
const KILLS = 3;
const START = "2026-12-07T10:00:00.000Z"; // a Monday morning in the shop's zone (UTC)
const clock = new ManualClock(START);
installClock(clock);

let sendgrid: FakeSendGrid;
let workers: AppWorkers;

/** Accepted requests of the SendGrid stand-in, by our message id (custom_args). */
function acceptedByMessage() {
  const counts = new Map<string, number>();
  for (const request of sendgrid.accepted()) {
    const args = { ...request.mail.custom_args, ...request.mail.personalizations[0]?.custom_args };
    const id = args[CUSTOM_ARG_MESSAGE];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  if (!onPostgres) return;
  sendgrid = await startFakeSendGrid();
  await seedShop(TEST_SHOP, { name: "Demo Store" });
  await saveCampaign(db, TEST_SHOP, "welcome", { enabled: true });
  // 1,000 customers subscribe: their welcome emails are due now.
  for (let i = 0; i < EMAILS; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) => i + j).map(async (n) => {
        const res = await deliverWebhook(
          webhookRequest("http://127.0.0.1:3000/webhooks/customers_email_marketing_consent/update", {
            topic: "customers_email_marketing_consent/update",
            body: {
              ...fixture("shopify/customers_email_marketing_consent_update.json"),
              customer_id: 80_000 + n,
              email_address: `kill-${n}@example.com`,
              email_marketing_consent: {
                state: "subscribed",
                opt_in_level: "single_opt_in",
                consent_updated_at: START,
              },
            },
          }),
        );
        expect(res.status).toBe(200);
      }),
    );
    await runJobs();
  }
}, 150_000);

afterAll(async () => {
  await workers?.killAll();
  await sendgrid?.close();
});

describe.skipIf(!onPostgres)("two worker processes, one killed three times while sending", () => {
  it(`sends all ${EMAILS} emails, with no more duplicates than kills`, async () => {
    expect(await db.scheduledSend.count({ where: { state: "scheduled" } })).toBe(EMAILS);
    workers = new AppWorkers({
      origin: START,
      realStart: Date.now(),
      // 10×: a message left "sending" is retried after 12 s of real time. Faster, a live submission
      // on a loaded machine can outlast the stale window and be sent twice without any kill.
      speed: 10,
      env: {
        SHOPIFY_ADMIN_API_ORIGIN: fakeShopifyAdmin.url,
        SENDGRID_API_KEY: sendgrid.apiKey,
        SENDGRID_API_BASE_URL: sendgrid.url,
        SENDGRID_WEBHOOK_PUBLIC_KEY: generateKeyPairSync("ec", { namedCurve: "prime256v1" })
          .publicKey.export({ type: "spki", format: "der" })
          .toString("base64"),
      },
    });
    await workers.start();
    let victim = await workers.start();

    const sentAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // A random moment while sending is under way.
      const after = Math.floor(Math.random() * 200) + k * 250 + 20;
      while (sendgrid.accepted().length < after) await new Promise((r) => setTimeout(r, 10));
      sentAtKill.push(sendgrid.accepted().length);
      await workers.kill(victim);
      victim = await workers.start();
    }

    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && acceptedByMessage().size < EMAILS)
      await new Promise((r) => setTimeout(r, 250));
    const counts = acceptedByMessage();
    const diagnosis = `accepted at each kill: ${sentAtKill.join(", ")}\n${workers.output()}`;
    // The kills happened while emails were going out, not before or after.
    expect(
      sentAtKill.some((n) => n > 0 && n < EMAILS),
      diagnosis,
    ).toBe(true);

    // Every email went out: one message per customer, each accepted by SendGrid.
    const messages = await db.message.findMany({ select: { id: true, toEmail: true, status: true } });
    expect(new Set(messages.map((m) => m.toEmail)).size, diagnosis).toBe(EMAILS);
    expect(
      messages.filter((m) => !counts.has(m.id)),
      diagnosis,
    ).toEqual([]);
    expect(counts.size).toBe(EMAILS);
    // Each recipient got the welcome email; duplicates at most one per kill.
    const recipients = new Set(
      sendgrid.accepted().flatMap((r) => r.mail.personalizations.flatMap((p) => p.to.map((t) => t.email))),
    );
    expect(recipients.size).toBe(EMAILS);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates, diagnosis).toBeLessThanOrEqual(KILLS);
    // The product knows it, too: every scheduled send is recorded as sent (a killed worker's jobs
    // run again once pg-boss has seen their heartbeat lapse).
    await expect
      .poll(() => db.scheduledSend.count({ where: { step: "welcome", state: { not: "sent" } } }), {
        timeout: 60_000,
      })
      .toBe(0);
  }, 240_000);
});
